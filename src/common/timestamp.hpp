#pragma once
// EVE timestamps: "2024-01-02T03:04:05.123456+0000" in the local time zone, as
// Suricata writes them. The date part is cached per second because every record
// needs one and localtime_r is slow.
#include <cstdint>
#include <string>

namespace rampart {

class TimestampFormatter {
 public:
  // Appends the formatted time of ts_usec (microseconds since the epoch) to out.
  void append(std::string& out, uint64_t ts_usec);

 private:
  int64_t cached_second_ = -1;
  char cached_[32] = {};  // "YYYY-MM-DDTHH:MM:SS"
  char cached_zone_[8] = {};  // "+0000"
};

}  // namespace rampart
