#include "stream/unacked_bytes.hpp"

#include <algorithm>

namespace rampart::stream {

namespace {
// Released bytes are dropped from the front of the buffer once they are this
// many and at least half of it, so that each byte moves at most once more.
constexpr size_t kCompactAt = 4096;

}  // namespace

UnackedBytes::Held& UnackedBytes::state() {
  if (!held_) held_ = std::make_unique<Held>();
  return *held_;
}

bool UnackedBytes::add(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return true;
  if (!memory_->reserve(bytes.size())) return false;
  Held& h = state();
  h.bytes.insert(h.bytes.end(), bytes.begin(), bytes.end());
  h.data_added += bytes.size();
  h.length += bytes.size();
  return true;
}

void UnackedBytes::add_gap(uint64_t length) {
  if (length == 0) return;
  Held& h = state();
  if (!h.gaps.empty() && h.gaps.back().at == h.data_added) {
    h.gaps.back().length += length;
  } else {
    h.gaps.push_back({h.data_added, length});
  }
  h.length += length;
}

void UnackedBytes::release(uint64_t length, const DataReceiver& on_data, const GapReceiver& on_gap) {
  length = std::min(length, held());
  if (length == 0) return;
  Held& h = *held_;
  while (length > 0) {
    if (!h.gaps.empty() && h.gaps.front().at == h.data_released) {
      Gap& gap = h.gaps.front();
      const uint64_t n = std::min(length, gap.length);
      gap.length -= n;
      if (gap.length == 0) h.gaps.erase(h.gaps.begin());
      h.length -= n;
      length -= n;
      on_gap(n);
      continue;
    }
    const uint64_t data_end = h.gaps.empty() ? h.data_added : h.gaps.front().at;
    const uint64_t n = std::min(length, data_end - h.data_released);
    release_data(n, on_data);
    length -= n;
  }
  compact();
}

void UnackedBytes::release_data(uint64_t length, const DataReceiver& on_data) {
  Held& h = *held_;
  const auto bytes = std::span<const uint8_t>(h.bytes).subspan(h.head, length);
  h.head += length;
  h.data_released += length;
  h.length -= length;
  memory_->release(length);
  on_data(bytes);
}

void UnackedBytes::compact() {
  Held& h = *held_;
  if (h.head == h.bytes.size()) {
    // Freed, not kept for the next bytes: thousands of idle flows must not each hold a buffer.
    std::vector<uint8_t>().swap(h.bytes);
    h.head = 0;
    return;
  }
  if (h.head < kCompactAt || h.head < h.bytes.size() / 2) return;
  h.bytes.erase(h.bytes.begin(), h.bytes.begin() + static_cast<std::ptrdiff_t>(h.head));
  h.head = 0;
}

}  // namespace rampart::stream
