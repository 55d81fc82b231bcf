#include "stream/unacked_bytes.hpp"

#include <algorithm>
#include <utility>

namespace rampart::stream {

namespace {
// Released bytes are dropped from the front of the buffer once they are this
// many and at least half of it, so that each byte moves at most once more.
constexpr size_t kCompactAt = 4096;

}  // namespace

UnackedBytes::UnackedBytes(UnackedBytes&& other) noexcept
    : memory_(other.memory_), bytes_(std::move(other.bytes_)), head_(std::exchange(other.head_, 0)),
      data_released_(std::exchange(other.data_released_, 0)), data_added_(std::exchange(other.data_added_, 0)),
      held_(std::exchange(other.held_, 0)), gaps_(std::move(other.gaps_)) {
  other.bytes_.clear();
  other.gaps_.clear();
}

bool UnackedBytes::add(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return true;
  if (!memory_->reserve(bytes.size())) return false;
  bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
  data_added_ += bytes.size();
  held_ += bytes.size();
  return true;
}

void UnackedBytes::add_gap(uint64_t length) {
  if (length == 0) return;
  if (!gaps_.empty() && gaps_.back().at == data_added_) {
    gaps_.back().length += length;
  } else {
    gaps_.push_back({data_added_, length});
  }
  held_ += length;
}

void UnackedBytes::release(uint64_t length, const DataReceiver& on_data, const GapReceiver& on_gap) {
  length = std::min(length, held_);
  while (length > 0) {
    if (!gaps_.empty() && gaps_.front().at == data_released_) {
      Gap& gap = gaps_.front();
      const uint64_t n = std::min(length, gap.length);
      gap.length -= n;
      if (gap.length == 0) gaps_.erase(gaps_.begin());
      held_ -= n;
      length -= n;
      on_gap(n);
      continue;
    }
    const uint64_t data_end = gaps_.empty() ? data_added_ : gaps_.front().at;
    const uint64_t n = std::min(length, data_end - data_released_);
    release_data(n, on_data);
    length -= n;
  }
  compact();
}

void UnackedBytes::release_data(uint64_t length, const DataReceiver& on_data) {
  const auto bytes = std::span<const uint8_t>(bytes_).subspan(head_, length);
  head_ += length;
  data_released_ += length;
  held_ -= length;
  memory_->release(length);
  on_data(bytes);
}

void UnackedBytes::compact() {
  if (head_ == bytes_.size()) {
    // Freed, not kept for the next bytes: thousands of idle flows must not each hold a buffer.
    std::vector<uint8_t>().swap(bytes_);
    head_ = 0;
    return;
  }
  if (head_ < kCompactAt || head_ < bytes_.size() / 2) return;
  bytes_.erase(bytes_.begin(), bytes_.begin() + static_cast<std::ptrdiff_t>(head_));
  head_ = 0;
}

}  // namespace rampart::stream
