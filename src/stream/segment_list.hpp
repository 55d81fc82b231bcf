#pragma once
// The out-of-order payload of one direction, keyed by stream offset. Segments may
// overlap each other, but every buffered copy of an offset holds the same byte:
// the overlap policy decides it once, when the later segment arrives, and the
// decision is written into all copies. Buffered bytes are charged to a
// StreamMemory and released when delivered or discarded.
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <vector>

#include "stream/overlap_policy.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::stream {

struct InsertOutcome {
  bool stored = false;          // false: the memory cap refused the bytes; nothing changed
  bool overlapped = false;      // the bytes overlapped buffered ones
  bool different_data = false;  // ... and some overlapping bytes differed
};

class SegmentList {
 public:
  explicit SegmentList(StreamMemory& memory) : memory_(&memory) {}
  ~SegmentList() { clear(); }
  SegmentList(SegmentList&& other) noexcept;
  SegmentList& operator=(SegmentList&& other) noexcept;
  SegmentList(const SegmentList&) = delete;
  SegmentList& operator=(const SegmentList&) = delete;

  InsertOutcome insert(uint64_t offset, std::span<const uint8_t> bytes, OverlapPolicy policy);

  // Hands the bytes contiguous with `delivered` to `deliver` in order, drops
  // segments that end at or before it, and returns the new delivered offset.
  uint64_t drain(uint64_t delivered, const std::function<void(std::span<const uint8_t>)>& deliver);

  bool empty() const { return segments_.empty(); }
  size_t size() const { return segments_.size(); }
  uint64_t first_offset() const { return segments_.begin()->first; }
  // Suricata's streaming-buffer regions the buffered bytes and those before `edge`
  // take: bytes starting more than `gap` past every earlier byte start a new region.
  uint32_t regions(uint64_t edge, uint64_t gap) const;
  // True when the bytes buffered at `offset` start more than `gap` past `edge` and
  // past the segment before them (they may have opened a region).
  bool far_from_earlier(uint64_t offset, uint64_t edge, uint64_t gap) const;
  void clear();

 private:
  using Segments = std::map<uint64_t, std::vector<uint8_t>>;
  // First segment that can reach `offset`, given that none is longer than longest_.
  Segments::iterator first_candidate(uint64_t offset);
  void erase(Segments::iterator it);

  StreamMemory* memory_;
  Segments segments_;
  uint64_t longest_ = 0;
};

}  // namespace rampart::stream
