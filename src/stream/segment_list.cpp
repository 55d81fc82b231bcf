#include "stream/segment_list.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <utility>

namespace rampart::stream {

SegmentList::SegmentList(SegmentList&& other) noexcept
    : memory_(other.memory_), segments_(std::move(other.segments_)), longest_(other.longest_) {
  other.segments_.clear();
}

SegmentList& SegmentList::operator=(SegmentList&& other) noexcept {
  if (this != &other) {
    clear();
    memory_ = other.memory_;
    segments_ = std::move(other.segments_);
    longest_ = other.longest_;
    other.segments_.clear();
  }
  return *this;
}

uint32_t SegmentList::regions(uint64_t edge, uint64_t gap) const {
  uint32_t count = 1;
  for (const auto& [offset, bytes] : segments_) {
    if (offset > edge + gap) ++count;
    edge = std::max(edge, offset + bytes.size());
  }
  return count;
}

bool SegmentList::far_from_earlier(uint64_t offset, uint64_t edge, uint64_t gap) const {
  auto it = segments_.lower_bound(offset);
  if (it != segments_.begin()) {
    const auto& [before, bytes] = *std::prev(it);
    edge = std::max(edge, before + bytes.size());
  }
  return offset > edge + gap;
}

void SegmentList::clear() {
  while (!segments_.empty()) erase(segments_.begin());
}

void SegmentList::erase(Segments::iterator it) {
  memory_->release(it->second.size());
  segments_.erase(it);
}

SegmentList::Segments::iterator SegmentList::first_candidate(uint64_t offset) {
  return segments_.lower_bound(offset > longest_ ? offset - longest_ : 0);
}

InsertOutcome SegmentList::insert(uint64_t offset, std::span<const uint8_t> bytes, OverlapPolicy policy) {
  InsertOutcome outcome;
  if (bytes.empty()) {
    outcome.stored = true;
    return outcome;
  }
  if (!memory_->reserve(bytes.size())) return outcome;
  outcome.stored = true;

  const StreamExtent fresh{offset, offset + bytes.size()};
  std::vector<uint8_t> merged(bytes.begin(), bytes.end());
  std::vector<Segments::iterator> overlapping;
  bool covered_by_one = false;

  // First pass: decide, per buffered segment, whose bytes the overlap keeps.
  for (auto it = first_candidate(offset); it != segments_.end() && it->first < fresh.end; ++it) {
    const StreamExtent buffered{it->first, it->first + it->second.size()};
    if (buffered.end <= fresh.begin) continue;
    overlapping.push_back(it);
    const uint64_t lo = std::max(fresh.begin, buffered.begin), hi = std::min(fresh.end, buffered.end);
    const uint8_t* old_bytes = it->second.data() + (lo - buffered.begin);
    const size_t len = hi - lo;
    outcome.overlapped = true;
    if (std::memcmp(bytes.data() + (lo - fresh.begin), old_bytes, len) != 0) {
      outcome.different_data = true;
      if (!new_data_wins(policy, buffered, fresh)) std::memcpy(merged.data() + (lo - fresh.begin), old_bytes, len);
    }
    if (buffered.begin <= fresh.begin && buffered.end >= fresh.end) covered_by_one = true;
  }

  // Second pass: every copy of an offset takes the decided byte; segments the new
  // one covers entirely are redundant now.
  for (auto it : overlapping) {
    const uint64_t begin = it->first, end = begin + it->second.size();
    const uint64_t lo = std::max(fresh.begin, begin), hi = std::min(fresh.end, end);
    std::memcpy(it->second.data() + (lo - begin), merged.data() + (lo - fresh.begin), hi - lo);
    if (!covered_by_one && begin >= fresh.begin && end <= fresh.end) erase(it);
  }

  if (covered_by_one) {
    memory_->release(bytes.size());
  } else {
    longest_ = std::max<uint64_t>(longest_, merged.size());
    segments_.emplace(offset, std::move(merged));
  }
  return outcome;
}

uint64_t SegmentList::drain(uint64_t delivered, const std::function<void(std::span<const uint8_t>)>& deliver) {
  while (!segments_.empty() && segments_.begin()->first <= delivered) {
    auto it = segments_.begin();
    const uint64_t end = it->first + it->second.size();
    if (end > delivered) {
      deliver(std::span<const uint8_t>(it->second).subspan(delivered - it->first));
      delivered = end;
    }
    erase(it);
  }
  return delivered;
}

}  // namespace rampart::stream
