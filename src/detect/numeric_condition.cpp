#include "detect/numeric_condition.hpp"

#include <array>
#include <utility>

#include "detect/text.hpp"

namespace rampart::detect {

bool NumericCondition::matches(uint64_t x) const {
  switch (op) {
    case Op::Equal: return x == value;
    case Op::NotEqual: return x != value;
    case Op::Less: return x < value;
    case Op::LessOrEqual: return x <= value;
    case Op::Greater: return x > value;
    case Op::GreaterOrEqual: return x >= value;
    case Op::Between: return value < x && x < upper;
  }
  return false;
}

namespace {

std::optional<NumericCondition> parse_between(std::string_view text, size_t at, size_t width, uint64_t max) {
  auto low = parse_unsigned(text.substr(0, at), max);
  auto high = parse_unsigned(text.substr(at + width), max);
  if (!low || !high || *low >= *high) return std::nullopt;
  return NumericCondition{NumericCondition::Op::Between, *low, *high};
}

}  // namespace

std::optional<NumericCondition> parse_numeric_condition(std::string_view text, uint64_t max) {
  using Op = NumericCondition::Op;
  text = trim(text);
  if (auto at = text.find("<>"); at != std::string_view::npos) return parse_between(text, at, 2, max);
  if (auto at = text.find('-'); at != std::string_view::npos && at > 0) return parse_between(text, at, 1, max);
  static constexpr std::array<std::pair<std::string_view, Op>, 7> prefixes{{
      {"<=", Op::LessOrEqual}, {">=", Op::GreaterOrEqual}, {"<", Op::Less}, {">", Op::Greater},
      {"!=", Op::NotEqual}, {"!", Op::NotEqual}, {"=", Op::Equal}}};
  Op op = Op::Equal;
  for (const auto& [prefix, prefix_op] : prefixes) {
    if (text.starts_with(prefix)) {
      op = prefix_op;
      text.remove_prefix(prefix.size());
      break;
    }
  }
  auto value = parse_unsigned(text, max);
  if (!value) return std::nullopt;
  if ((op == Op::Less && *value == 0) || (op == Op::Greater && *value == max)) return std::nullopt;
  return NumericCondition{op, *value, 0};
}

}  // namespace rampart::detect
