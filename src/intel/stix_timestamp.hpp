#pragma once
// STIX timestamps: RFC 3339 in UTC with a literal "Z" (YYYY-MM-DDTHH:MM:SS[.fraction]Z).
// parse() accepts only that form, checks the calendar (month lengths, leap years, a
// leap second :60) and remembers how many fraction digits were written, because STIX
// demands at least millisecond precision on created and modified.
#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>

namespace rampart::intel {

struct StixTimestamp {
  int64_t seconds = 0;      // since 1970-01-01T00:00:00Z
  uint32_t nanoseconds = 0;  // digits beyond the ninth are dropped
  int fraction_digits = 0;   // as written

  static std::optional<StixTimestamp> parse(std::string_view text);

  friend std::strong_ordering operator<=>(const StixTimestamp& a, const StixTimestamp& b) {
    if (auto c = a.seconds <=> b.seconds; c != 0) return c;
    return a.nanoseconds <=> b.nanoseconds;
  }
  friend bool operator==(const StixTimestamp& a, const StixTimestamp& b) {
    return a.seconds == b.seconds && a.nanoseconds == b.nanoseconds;
  }
};

}  // namespace rampart::intel
