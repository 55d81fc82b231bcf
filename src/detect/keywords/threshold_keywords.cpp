// threshold and detection_filter: how often a matching rule alerts.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr std::array<std::string_view, 5> kTracks{"by_src", "by_dst", "by_rule", "by_both", "by_flow"};

RuleResult<Threshold> parse_settings(std::string_view keyword, std::string_view value, bool has_type) {
  Threshold threshold;
  bool has_count = false;
  bool has_seconds = false;
  for (auto item : split_trimmed(value, ',')) {
    auto [key, arg] = split_key_value(item);
    auto number = parse_unsigned(arg, UINT32_MAX);
    if (has_type && key == "type" && (arg == "limit" || arg == "threshold" || arg == "both" || arg == "backoff")) {
      threshold.type = std::string(arg);
    } else if (key == "track" && std::find(kTracks.begin(), kTracks.end(), arg) != kTracks.end()) {
      threshold.track = std::string(arg);
    } else if (key == "count" && number) {
      threshold.count = static_cast<uint32_t>(*number);
      has_count = true;
    } else if (key == "seconds" && number) {
      threshold.seconds = static_cast<uint32_t>(*number);
      has_seconds = true;
    } else if (has_type && key == "multiplier" && number) {
      threshold.multiplier = static_cast<uint32_t>(*number);
    } else {
      return invalid_value(keyword, fmt::format("unknown or malformed option '{}'", item));
    }
  }
  if (!has_type) threshold.type = "detection_filter";
  bool backoff = threshold.type == "backoff";
  if (threshold.type.empty() || threshold.track.empty() || !has_count || (backoff ? threshold.multiplier < 2 : !has_seconds))
    return invalid_value(keyword, has_type ? "needs type, track, count and seconds (multiplier for backoff)"
                                           : "needs track, count and seconds");
  if (threshold.count == 0 && threshold.type != "limit") return invalid_value(keyword, "count must be at least 1");
  return threshold;
}

RuleResult<void> parse_threshold(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto& sig = b.signature();
  if (sig.threshold) return rule_error("duplicate threshold", "threshold given twice");
  if (sig.detection_filter) return rule_error("conflicting modifiers", "threshold and detection_filter in one rule");
  auto threshold = parse_settings(keyword, value, true);
  if (!threshold) return std::unexpected(threshold.error());
  sig.threshold = *threshold;
  return {};
}

RuleResult<void> parse_detection_filter(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto& sig = b.signature();
  if (sig.detection_filter) return rule_error("duplicate detection_filter", "detection_filter given twice");
  if (sig.threshold) return rule_error("conflicting modifiers", "threshold and detection_filter in one rule");
  auto filter = parse_settings(keyword, value, false);
  if (!filter) return std::unexpected(filter.error());
  sig.detection_filter = *filter;
  return {};
}

}  // namespace

void register_threshold_keywords(KeywordRegistry& registry) {
  registry.add({"threshold", ValueUse::Required, parse_threshold});
  registry.add({"detection_filter", ValueUse::Required, parse_detection_filter});
}

}  // namespace rampart::detect
