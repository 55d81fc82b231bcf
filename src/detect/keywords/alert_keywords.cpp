// noalert, tag and bypass: whether a match alerts, which further packets are logged
// with it, and whether the flow is inspected any further.
#include <fmt/format.h>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> set_noalert(RuleBuilder& b, std::string_view, std::string_view) {
  b.signature().noalert = true;
  return {};
}

RuleResult<void> set_bypass(RuleBuilder& b, std::string_view, std::string_view) {
  b.signature().bypass = true;
  return {};
}

std::optional<TagMetric> tag_metric(std::string_view name) {
  if (name == "packets") return TagMetric::Packets;
  if (name == "bytes") return TagMetric::Bytes;
  if (name == "seconds") return TagMetric::Seconds;
  return std::nullopt;
}

RuleResult<void> add_tag(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  TagAction tag;
  if (items[0] != "session" && items[0] != "host") return invalid_value(keyword, fmt::format("'{}' is not session or host", items[0]));
  tag.scope = items[0] == "host" ? TagAction::Scope::Host : TagAction::Scope::Session;
  if (items.size() > 4 || items.size() == 2) return invalid_value(keyword, fmt::format("'{}' is not SCOPE[,COUNT,METRIC[,DIRECTION]]", value));
  if (items.size() >= 3) {
    auto count = parse_unsigned(items[1], UINT32_MAX);
    auto metric = tag_metric(items[2]);
    if (!count || !metric) return invalid_value(keyword, fmt::format("'{}' is not COUNT,packets|seconds|bytes", value));
    tag.count = static_cast<uint32_t>(*count);
    tag.metric = *metric;
  }
  if (items.size() == 4) {
    if (tag.scope != TagAction::Scope::Host || (items[3] != "src" && items[3] != "dst"))
      return invalid_value(keyword, "a direction (src or dst) is only for host tags");
    tag.host_is_source = items[3] == "src";
  }
  b.signature().tags.push_back(tag);
  return {};
}

}  // namespace

void register_alert_keywords(KeywordRegistry& registry) {
  registry.add({"noalert", ValueUse::None, set_noalert});
  registry.add({"tag", ValueUse::Required, add_tag});
  registry.add({"bypass", ValueUse::None, set_bypass});
}

}  // namespace rampart::detect
