#pragma once
// A response's Content-Range ("bytes 500-1000/146515", "bytes 0-99/*",
// "bytes */146515"), read as Suricata logs it: the parts that are numbers.
#include <cstdint>
#include <optional>
#include <string_view>

namespace rampart::proto::http1 {

struct ContentRange {
  std::optional<uint64_t> start, end, size;
};

// nullopt when the value is not a byte range.
std::optional<ContentRange> parse_content_range(std::string_view value);

}  // namespace rampart::proto::http1
