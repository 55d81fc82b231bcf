#include "center/ingest/eve_time.hpp"

#include <fmt/format.h>

#include <chrono>

namespace rampart::center {

namespace {

// Reads exactly `digits` decimal digits at pos, advancing pos.
std::optional<int> read_number(std::string_view text, size_t& pos, size_t digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

// Microseconds of a fraction ".123456789" at pos; none present gives 0.
std::optional<int64_t> read_fraction(std::string_view text, size_t& pos) {
  if (pos >= text.size() || text[pos] != '.') return 0;
  ++pos;
  int64_t micros = 0;
  size_t digits = 0;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    if (digits < 6) micros = micros * 10 + (text[pos] - '0');
    ++digits;
    ++pos;
  }
  if (digits == 0 || digits > 9) return std::nullopt;
  for (size_t i = digits; i < 6; ++i) micros *= 10;
  return micros;
}

// Offset east of UTC in seconds: "Z", "+HHMM" or "+HH:MM".
std::optional<int64_t> read_zone(std::string_view text, size_t& pos) {
  if (expect(text, pos, 'Z')) return 0;
  if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
  int sign = text[pos] == '-' ? -1 : 1;
  ++pos;
  auto hours = read_number(text, pos, 2);
  if (pos < text.size() && text[pos] == ':') ++pos;
  auto minutes = read_number(text, pos, 2);
  if (!hours || !minutes || *hours > 23 || *minutes > 59) return std::nullopt;
  return sign * (*hours * 3600 + *minutes * 60);
}

}  // namespace

std::optional<int64_t> parse_eve_time(std::string_view text) {
  size_t pos = 0;
  auto year = read_number(text, pos, 4);
  if (!year || !expect(text, pos, '-')) return std::nullopt;
  auto month = read_number(text, pos, 2);
  if (!month || !expect(text, pos, '-')) return std::nullopt;
  auto day = read_number(text, pos, 2);
  if (!day || !expect(text, pos, 'T')) return std::nullopt;
  auto hour = read_number(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) return std::nullopt;
  auto minute = read_number(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) return std::nullopt;
  auto second = read_number(text, pos, 2);
  if (!second) return std::nullopt;
  auto fraction = read_fraction(text, pos);
  auto zone = read_zone(text, pos);
  if (!fraction || !zone || pos != text.size()) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{*year}, std::chrono::month{static_cast<unsigned>(*month)},
                                   std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) return std::nullopt;
  int64_t days = std::chrono::sys_days{date}.time_since_epoch().count();
  int64_t seconds = days * 86400 + *hour * 3600 + *minute * 60 + *second - *zone;
  return seconds * 1000000 + *fraction;
}

std::string format_utc_time(int64_t time_us) {
  int64_t seconds = time_us >= 0 ? time_us / 1000000 : (time_us - 999999) / 1000000;
  int64_t micros = time_us - seconds * 1000000;
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t of_day = seconds - days * 86400;
  std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{days}}};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), of_day / 3600,
                     of_day / 60 % 60, of_day % 60, micros);
}

}  // namespace rampart::center
