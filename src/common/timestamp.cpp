#include "common/timestamp.hpp"

#include <cstdio>
#include <ctime>

namespace rampart {

void TimestampFormatter::append(std::string& out, uint64_t ts_usec) {
  auto second = static_cast<int64_t>(ts_usec / 1'000'000);
  if (second != cached_second_) {
    time_t t = static_cast<time_t>(second);
    tm local{};
    localtime_r(&t, &local);
    std::strftime(cached_, sizeof cached_, "%Y-%m-%dT%H:%M:%S", &local);
    long offset_min = local.tm_gmtoff / 60;
    char sign = offset_min < 0 ? '-' : '+';
    if (offset_min < 0) offset_min = -offset_min;
    auto hours = static_cast<unsigned>(offset_min / 60 % 24), minutes = static_cast<unsigned>(offset_min % 60);
    std::snprintf(cached_zone_, sizeof cached_zone_, "%c%02u%02u", sign, hours, minutes);
    cached_second_ = second;
  }
  char frac[7] = {'.'};
  auto usec = static_cast<unsigned>(ts_usec % 1'000'000);
  for (int i = 6; i >= 1; --i, usec /= 10) frac[i] = static_cast<char>('0' + usec % 10);
  out += cached_;
  out.append(frac, sizeof frac);
  out += cached_zone_;
}

}  // namespace rampart
