// `frame:NAME` (Suricata 7+): the rule inspects the bytes of the frames of that name
// its protocol's parser reports (proto/frame.hpp), e.g. `frame:ssh.record.hdr`. A name
// without its protocol (`frame:request` in an http1 rule) takes the rule's protocol.
#include <fmt/format.h>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

// The frame a rule of protocol rule_protocol names: the full name as given, else
// the name under the rule's protocol (HTTP's frames are http1's).
const BufferSpec* frame_named(std::string_view name, std::string_view rule_protocol) {
  const auto& registry = BufferRegistry::builtin();
  if (const auto* spec = registry.find_frame(name)) return spec;
  if (rule_protocol.empty()) return nullptr;
  if (rule_protocol == "http") rule_protocol = "http1";
  return registry.find_frame(fmt::format("{}.{}", rule_protocol, name));
}

RuleResult<void> select_frame(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  const std::string name(trim(value));
  const std::string_view rule_protocol = b.signature().app_protocol;
  const BufferSpec* spec = frame_named(name, rule_protocol);
  if (spec == nullptr) {
    if (rule_protocol.empty()) return invalid_value(keyword, fmt::format("unknown frame '{}'", name));
    return invalid_value(keyword, fmt::format("unknown frame '{}' for protocol '{}'", name, rule_protocol));
  }
  return b.select_buffer(*spec);
}

}  // namespace

void register_frame_keywords(KeywordRegistry& registry) { registry.add({"frame", ValueUse::Required, select_frame}); }

}  // namespace rampart::detect
