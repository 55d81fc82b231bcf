#include "stream/raw_stream.hpp"

#include <algorithm>

#include "common/byte_text.hpp"

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
  if (copy.size() > 2 * kMaxFresh) drop_oldest(copy.size() - kMaxFresh);
  fresh = copy;
}

void RawStream::drop_oldest(size_t count) {
  auto& copy = buffers_->fresh_copy;
  copy.erase(copy.begin(), copy.begin() + static_cast<std::ptrdiff_t>(count));
  auto& gaps = buffers_->gaps;
  std::erase_if(gaps, [count](const RawGap& g) { return g.at < count; });
  for (RawGap& g : gaps) g.at -= count;
}

void RawStream::gap(uint64_t length) {
  if (!enabled() || closed_) return;
  if (!buffers_) buffers_ = std::make_unique<Buffers>();
  buffers_->seen.clear();
  auto& gaps = buffers_->gaps;
  const size_t at = buffers_->fresh.size();
  if (!gaps.empty() && gaps.back().at == at) {
    gaps.back().length += length;
  } else {
    gaps.push_back({at, length});
  }
}

std::span<const uint8_t> RawStream::marked() {
  if (!buffers_ || buffers_->gaps.empty()) return fresh();
  auto& out = buffers_->marked;
  out.clear();
  append_gap_marked(out, buffers_->fresh, std::span<const RawGap>(buffers_->gaps), buffers_->fresh.size());
  return out;
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
  // What follows the last gap is all that may join the next bytes.
  if (!buffers_->gaps.empty()) {
    seen.clear();
    fresh = fresh.subspan(buffers_->gaps.back().at);
    buffers_->gaps.clear();
  }
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
