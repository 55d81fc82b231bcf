#pragma once
// EVE timestamps: "2024-01-02T03:04:05.123456+0000" in the local time zone, as
// Suricata writes them. localtime_r is slow (it locks and consults the zone), so it
// runs once per UTC hour to learn the zone's offset; the date and time are then
// computed arithmetically, the date once per local day.
#include <cstdint>
#include <string>

namespace rampart {

class TimestampFormatter {
 public:
  // Appends the formatted time of ts_usec (microseconds since the epoch) to out.
  void append(std::string& out, uint64_t ts_usec);

 private:
  int64_t cached_hour_ = -1;  // UTC hour whose offset is cached
  int64_t offset_seconds_ = 0;
  char zone_[6] = {};  // "+0000"
  int64_t cached_day_ = INT64_MIN;  // local day whose date_ is cached
  char date_[11] = {};              // "2024-01-02T"
};

}  // namespace rampart
