// Sticky buffers (http.uri, dns.query ... from the BufferRegistry), the Snort-era content
// modifiers that move the previous content into a buffer (http_uri ...), pkt_data, and
// base64_decode / base64_data.
#include <fmt/format.h>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> select_sticky_buffer(RuleBuilder& b, std::string_view keyword, std::string_view) {
  return b.select_buffer(*BufferRegistry::builtin().find(keyword));
}

RuleResult<void> apply_legacy_modifier(RuleBuilder& b, std::string_view keyword, std::string_view) {
  const auto& registry = BufferRegistry::builtin();
  const auto* modifier = registry.find_legacy_modifier(keyword);
  return b.move_last_content(*registry.find(modifier->buffer), keyword);
}

RuleResult<void> add_base64_decode(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  Base64Decode decode;
  for (auto item : split_trimmed(value, ',')) {
    if (item.empty() && value.empty()) break;
    auto [key, arg] = split_key_value(item);
    auto number = parse_unsigned(arg, 65535);
    if (item == "relative") decode.relative = true;
    else if (key == "bytes" && number && *number > 0) decode.bytes = static_cast<uint32_t>(*number);
    else if (key == "offset" && number) decode.offset = static_cast<uint32_t>(*number);
    else return invalid_value(keyword, fmt::format("unknown or malformed option '{}'", item));
  }
  b.add_match(decode);
  return {};
}

RuleResult<void> select_base64_data(RuleBuilder& b, std::string_view keyword, std::string_view) {
  for (const auto& inspection : b.signature().inspections)
    for (const auto& match : inspection.matches)
      if (std::holds_alternative<Base64Decode>(match)) return b.select_buffer(*BufferRegistry::builtin().find(keyword));
  return rule_error("base64_data without base64_decode", "base64_data needs a base64_decode before it");
}

}  // namespace

void register_buffer_keywords(KeywordRegistry& registry) {
  const auto& buffers = BufferRegistry::builtin();
  for (const auto& spec : buffers.buffers()) {
    registry.add({spec.name, ValueUse::None, select_sticky_buffer});
    for (const auto& alias : spec.aliases) registry.add({alias, ValueUse::None, select_sticky_buffer});
  }
  for (const auto& modifier : buffers.legacy_modifiers()) registry.add({modifier.modifier, ValueUse::None, apply_legacy_modifier});
  registry.add({"base64_decode", ValueUse::Optional, add_base64_decode});
  registry.add({"base64_data", ValueUse::None, select_base64_data});
}

}  // namespace rampart::detect
