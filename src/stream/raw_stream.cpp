#include "stream/raw_stream.hpp"

#include <algorithm>

namespace rampart::stream {

void RawStream::add(std::span<const uint8_t> bytes, bool borrowed) {
  if (!enabled() || bytes.empty()) return;
  if (!buffers_) buffers_ = std::make_unique<Buffers>();
  auto& fresh = buffers_->fresh;
  auto& copy = buffers_->fresh_copy;
  if (fresh.empty() && borrowed) {
    fresh = bytes;
    return;
  }
  if (fresh.data() != copy.data()) copy.assign(fresh.begin(), fresh.end());
  copy.insert(copy.end(), bytes.begin(), bytes.end());
  if (copy.size() > 2 * kMaxFresh) copy.erase(copy.begin(), copy.end() - static_cast<std::ptrdiff_t>(kMaxFresh));
  fresh = copy;
}

void RawStream::gap() {
  if (!buffers_) return;
  buffers_->seen.clear();
  buffers_->fresh = {};
}

void RawStream::commit() {
  packet_added_ = false;
  if (!buffers_) return;
  if (closed_) {
    buffers_.reset();
    return;
  }
  auto& seen = buffers_->seen;
  auto& fresh = buffers_->fresh;
  if (fresh.empty()) return;
  if (fresh.size() >= lookback_) {
    seen.assign(fresh.end() - static_cast<std::ptrdiff_t>(lookback_), fresh.end());
  } else {
    const size_t keep = std::min(seen.size(), lookback_ - fresh.size());
    seen.erase(seen.begin(), seen.end() - static_cast<std::ptrdiff_t>(keep));
    seen.insert(seen.end(), fresh.begin(), fresh.end());
  }
  fresh = {};
}

}  // namespace rampart::stream
