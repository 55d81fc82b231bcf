#pragma once
// A comparison against an unsigned number, the value syntax of dsize, ttl, bsize, urilen,
// icmp_id ... : "N", "=N", "!N", "<N", "<=N", ">N", ">=N", "A<>B" and "A-B" (exclusive).
#include <cstdint>
#include <optional>
#include <string_view>

namespace rampart::detect {

struct NumericCondition {
  enum class Op { Equal, NotEqual, Less, LessOrEqual, Greater, GreaterOrEqual, Between };
  Op op = Op::Equal;
  uint64_t value = 0;
  uint64_t upper = 0;  // Between only: value < x < upper

  bool matches(uint64_t x) const;
  bool operator==(const NumericCondition&) const = default;
};

std::optional<NumericCondition> parse_numeric_condition(std::string_view text, uint64_t max);

}  // namespace rampart::detect
