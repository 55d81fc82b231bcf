// isdataat, dsize, bsize, urilen: sizes of the payload and of buffers.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> add_isdataat(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  IsDataAt check;
  auto items = split_trimmed(value, ',');
  std::string_view size = items[0];
  if (size.starts_with('!')) {
    check.negated = true;
    size.remove_prefix(1);
  }
  auto position = parse_position(b, keyword, size, 0, 65535);
  if (!position) return std::unexpected(position.error());
  check.size = *position;
  for (auto item : std::span(items).subspan(1)) {
    if (item == "relative") check.relative = true;
    else if (item == "rawbytes") check.rawbytes = true;
    else return invalid_value(keyword, fmt::format("unknown option '{}'", item));
  }
  if (check.relative) b.add_relative_match(std::move(check));
  else b.add_match(std::move(check));
  return {};
}

RuleResult<NumericCondition> parse_size(std::string_view keyword, std::string_view value, uint64_t max) {
  auto condition = parse_numeric_condition(value, max);
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not a size comparison", value));
  return *condition;
}

RuleResult<void> add_dsize(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto condition = parse_size(keyword, value, 65535);
  if (!condition) return std::unexpected(condition.error());
  b.signature().header_conditions.push_back({"dsize", *condition});
  // Suricata's signature mask makes dsize:!N require a payload: an empty packet never
  // matches it, though 0 != N.
  if (condition->op == NumericCondition::Op::NotEqual)
    b.signature().header_conditions.push_back({"dsize", {NumericCondition::Op::Greater, 0, 0}});
  return {};
}

RuleResult<void> set_buffer_size(BufferInspection& inspection, std::string_view, NumericCondition condition) {
  inspection.sizes.push_back(condition);
  return {};
}

RuleResult<void> add_bsize(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  if (!b.has_selected_buffer()) return rule_error("bsize without sticky buffer", "bsize needs a sticky buffer before it");
  auto condition = parse_size(keyword, value, UINT64_MAX - 1);
  if (!condition) return std::unexpected(condition.error());
  return set_buffer_size(b.current_inspection(), keyword, *condition);
}

RuleResult<void> add_urilen(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  if (items.size() > 2 || (items.size() == 2 && items[1] != "raw" && items[1] != "norm"))
    return invalid_value(keyword, fmt::format("'{}' is not SIZE[,raw|norm]", value));
  auto condition = parse_size(keyword, items[0], 65535);
  if (!condition) return std::unexpected(condition.error());
  bool raw = items.size() == 2 && items[1] == "raw";
  auto inspection = b.inspection_for(*BufferRegistry::builtin().find(raw ? "http.uri.raw" : "http.uri"));
  if (!inspection) return std::unexpected(inspection.error());
  return set_buffer_size(b.signature().inspections[*inspection], keyword, *condition);
}

}  // namespace

void register_payload_size_keywords(KeywordRegistry& registry) {
  registry.add({"isdataat", ValueUse::Required, add_isdataat});
  registry.add({"dsize", ValueUse::Required, add_dsize});
  registry.add({"bsize", ValueUse::Required, add_bsize});
  registry.add({"urilen", ValueUse::Required, add_urilen});
}

}  // namespace rampart::detect
