#include "stream/raw_stream.hpp"

#include <algorithm>

namespace rampart::stream {

void RawStream::add(std::span<const uint8_t> bytes, bool borrowed) {
  if (!enabled() || bytes.empty()) return;
  if (fresh_.empty() && borrowed) {
    fresh_ = bytes;
    return;
  }
  if (fresh_.data() != fresh_copy_.data()) fresh_copy_.assign(fresh_.begin(), fresh_.end());
  fresh_copy_.insert(fresh_copy_.end(), bytes.begin(), bytes.end());
  if (fresh_copy_.size() > 2 * kMaxFresh)
    fresh_copy_.erase(fresh_copy_.begin(), fresh_copy_.end() - static_cast<std::ptrdiff_t>(kMaxFresh));
  fresh_ = fresh_copy_;
}

void RawStream::gap() {
  seen_.clear();
  fresh_ = {};
}

void RawStream::commit() {
  packet_added_ = false;
  if (fresh_.empty()) return;
  if (fresh_.size() >= lookback_) {
    seen_.assign(fresh_.end() - static_cast<std::ptrdiff_t>(lookback_), fresh_.end());
  } else {
    const size_t keep = std::min(seen_.size(), lookback_ - fresh_.size());
    seen_.erase(seen_.begin(), seen_.end() - static_cast<std::ptrdiff_t>(keep));
    seen_.insert(seen_.end(), fresh_.begin(), fresh_.end());
  }
  fresh_ = {};
}

}  // namespace rampart::stream
