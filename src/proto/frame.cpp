#include "proto/frame.hpp"

namespace rampart::proto {

std::optional<std::span<const uint8_t>> Frame::part(size_t k) const {
  uint64_t begin = 0;
  for (size_t i = 0; i <= gaps.size(); ++i) {
    const uint64_t end = i < gaps.size() ? gaps[i].at : bytes.size();
    if (end > begin && k-- == 0) return bytes.subspan(begin, end - begin);
    begin = end;
  }
  return std::nullopt;
}

}  // namespace rampart::proto
