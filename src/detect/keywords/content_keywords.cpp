// content and its modifiers: nocase, depth, offset, distance, within, rawbytes,
// fast_pattern, startswith, endswith; uricontent (content on http.uri).
#include <fmt/format.h>

#include "detect/content_pattern.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr int64_t kMaxPosition = 65535;

RuleResult<void> add_content(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto pattern = decode_content_pattern(keyword, value);
  if (!pattern) return std::unexpected(pattern.error());
  ContentMatch content;
  content.pattern = std::move(pattern->bytes);
  content.negated = pattern->negated;
  b.add_match(std::move(content));
  return {};
}

RuleResult<void> add_uricontent(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  if (auto r = add_content(b, keyword, value); !r) return r;
  return b.move_last_content(*BufferRegistry::builtin().find("http.uri"), keyword);
}

RuleResult<void> set_nocase(RuleBuilder& b, std::string_view keyword, std::string_view) {
  auto content = b.last_content(keyword);
  if (!content) return std::unexpected(content.error());
  if ((*content)->nocase) return rule_error("duplicate modifier", "nocase given twice for one content");
  (*content)->nocase = true;
  return {};
}

RuleResult<void> set_rawbytes(RuleBuilder& b, std::string_view keyword, std::string_view) {
  auto content = b.last_content(keyword);
  if (!content) return std::unexpected(content.error());
  (*content)->rawbytes = true;
  return {};
}

std::unexpected<RuleError> mixed_positions(std::string_view keyword) {
  return rule_error("conflicting modifiers",
                    fmt::format("{}: a content cannot mix absolute (depth, offset) and relative (distance, within) positions", keyword));
}

// depth, offset, distance and within share their checks: a value given once, absolute and
// relative positions not mixed, no position with startswith.
RuleResult<void> set_position(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto content = b.last_content(keyword);
  if (!content) return std::unexpected(content.error());
  ContentMatch& c = **content;
  bool relative = keyword == "distance" || keyword == "within";
  auto position = parse_position(b, keyword, value, keyword == "distance" ? -kMaxPosition : 0, kMaxPosition);
  if (!position) return std::unexpected(position.error());
  std::optional<PositionValue>& slot =
      keyword == "depth" ? c.depth : keyword == "offset" ? c.offset : keyword == "distance" ? c.distance : c.within;
  if (slot) return rule_error("duplicate modifier", fmt::format("{} given twice for one content", keyword));
  if (relative ? (c.depth || c.offset) : c.is_relative()) return mixed_positions(keyword);
  if (c.startswith) return rule_error("conflicting modifiers", fmt::format("{} cannot be combined with startswith", keyword));
  bool too_short = !position->is_variable() && (keyword == "depth" || keyword == "within") &&
                   position->value < static_cast<int64_t>(c.pattern.size());
  if (too_short) return invalid_value(keyword, fmt::format("{} {} is shorter than the content", keyword, position->value));
  slot = std::move(*position);
  return {};
}

RuleResult<void> set_startswith(RuleBuilder& b, std::string_view keyword, std::string_view) {
  auto content = b.last_content(keyword);
  if (!content) return std::unexpected(content.error());
  ContentMatch& c = **content;
  if (c.depth || c.offset || c.is_relative())
    return rule_error("conflicting modifiers", "startswith cannot be combined with depth, offset, distance or within");
  c.startswith = true;
  return {};
}

RuleResult<void> set_endswith(RuleBuilder& b, std::string_view keyword, std::string_view) {
  auto content = b.last_content(keyword);
  if (!content) return std::unexpected(content.error());
  (*content)->endswith = true;
  return {};
}

bool rule_has_fast_pattern(Signature& signature) {
  for (const auto& inspection : signature.inspections)
    for (const auto& match : inspection.matches)
      if (const auto* c = std::get_if<ContentMatch>(&match); c != nullptr && c->fast_pattern) return true;
  return false;
}

RuleResult<void> parse_chop(std::string_view keyword, std::string_view value, ContentMatch& c) {
  auto parts = split_trimmed(value, ',');
  auto offset = parts.size() == 2 ? parse_unsigned(parts[0], kMaxPosition) : std::nullopt;
  auto length = parts.size() == 2 ? parse_unsigned(parts[1], kMaxPosition) : std::nullopt;
  if (!offset || !length || *length == 0) return invalid_value(keyword, fmt::format("'{}' is not only or offset,length", value));
  if (*offset + *length > c.pattern.size()) return invalid_value(keyword, "offset,length goes past the end of the content");
  c.fast_pattern_chop = FastPatternChop{static_cast<uint16_t>(*offset), static_cast<uint16_t>(*length)};
  return {};
}

RuleResult<void> set_fast_pattern(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto content = b.last_content(keyword);
  if (!content) return std::unexpected(content.error());
  ContentMatch& c = **content;
  if (c.fast_pattern) return rule_error("duplicate modifier", "fast_pattern given twice for one content");
  if (rule_has_fast_pattern(b.signature()))
    return rule_error("multiple fast_pattern", "fast_pattern can be used on only one content in a rule");
  if (c.negated && (c.is_relative() || c.depth || c.offset))
    return rule_error("conflicting modifiers", "fast_pattern on a negated content with position modifiers");
  if (value == "only") {
    c.fast_pattern_only = true;
  } else if (!value.empty()) {
    if (auto r = parse_chop(keyword, value, c); !r) return r;
  }
  c.fast_pattern = true;
  return {};
}

}  // namespace

void register_content_keywords(KeywordRegistry& registry) {
  registry.add({"content", ValueUse::Required, add_content});
  registry.add({"uricontent", ValueUse::Required, add_uricontent});
  registry.add({"nocase", ValueUse::None, set_nocase});
  registry.add({"rawbytes", ValueUse::None, set_rawbytes});
  for (const char* position : {"depth", "offset", "distance", "within"}) registry.add({position, ValueUse::Required, set_position});
  registry.add({"startswith", ValueUse::None, set_startswith});
  registry.add({"endswith", ValueUse::None, set_endswith});
  registry.add({"fast_pattern", ValueUse::Optional, set_fast_pattern});
  // prefilter asks Suricata to prefilter on a non-content keyword. Here only
  // contents feed the prefilter, and a rule without one is checked unfiltered, so
  // the hint changes nothing about which packets match.
  registry.add({"prefilter", ValueUse::None, [](RuleBuilder&, std::string_view, std::string_view) -> RuleResult<void> { return {}; }});
}

}  // namespace rampart::detect
