#include "common/timestamp.hpp"

#include <cstring>
#include <ctime>

namespace rampart {

namespace {

struct CivilDate {
  int64_t year;
  unsigned month, day;
};

// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
CivilDate civil_from_days(int64_t days) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

char* put_digits(char* p, uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i, value /= 10) p[i] = static_cast<char>('0' + value % 10);
  return p + width;
}

// Two digits of a value under 100 from a table: timestamps are written for every record.
char* put_two_digits(char* p, uint64_t value) {
  static constexpr char kPairs[] =
      "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
      "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
      "8081828384858687888990919293949596979899";
  std::memcpy(p, kPairs + 2 * value, 2);
  return p + 2;
}

}  // namespace

void TimestampFormatter::append(std::string& out, uint64_t ts_usec) {
  const auto second = static_cast<int64_t>(ts_usec / 1'000'000);
  if (second / 3600 != cached_hour_) {
    cached_hour_ = second / 3600;
    time_t t = static_cast<time_t>(second);
    tm local{};
    localtime_r(&t, &local);
    offset_seconds_ = local.tm_gmtoff;
    int64_t minutes = offset_seconds_ / 60;
    zone_[0] = minutes < 0 ? '-' : '+';
    if (minutes < 0) minutes = -minutes;
    put_digits(put_digits(zone_ + 1, static_cast<uint64_t>(minutes / 60 % 100), 2), static_cast<uint64_t>(minutes % 60), 2);
  }
  const int64_t local_second = second + offset_seconds_;
  const int64_t days = (local_second >= 0 ? local_second : local_second - 86399) / 86400;
  const auto time_of_day = static_cast<uint64_t>(local_second - days * 86400);
  if (days != cached_day_) {
    cached_day_ = days;
    const CivilDate date = civil_from_days(days);
    char* p = put_digits(date_, static_cast<uint64_t>(date.year), 4);
    *p++ = '-';
    p = put_digits(p, date.month, 2);
    *p++ = '-';
    p = put_digits(p, date.day, 2);
    *p = 'T';
  }
  char buf[32];
  std::memcpy(buf, date_, sizeof date_);
  char* p = put_two_digits(buf + sizeof date_, time_of_day / 3600);
  *p++ = ':';
  p = put_two_digits(p, time_of_day / 60 % 60);
  *p++ = ':';
  p = put_two_digits(p, time_of_day % 60);
  *p++ = '.';
  const auto usec = static_cast<uint32_t>(ts_usec % 1'000'000);
  p = put_two_digits(put_two_digits(put_two_digits(p, usec / 10000), usec / 100 % 100), usec % 100);
  for (char c : zone_)
    if (c != '\0') *p++ = c;
  out.append(buf, static_cast<size_t>(p - buf));
}

}  // namespace rampart
