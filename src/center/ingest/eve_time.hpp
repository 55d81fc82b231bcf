#pragma once
// Parses the timestamps the center accepts into microseconds since the epoch (UTC):
// EVE's "2024-01-02T03:04:05.123456+0000" and RFC 3339 ("...Z", "+01:00"), with an
// optional fraction of up to 9 digits (cut to microseconds). Anything else is rejected.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::center {

std::optional<int64_t> parse_eve_time(std::string_view text);

// RFC 3339 in UTC with microseconds: "2024-01-02T03:04:05.123456Z".
std::string format_utc_time(int64_t time_us);

}  // namespace rampart::center
