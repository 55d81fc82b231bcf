#pragma once
// One direction's raw stream as packet rules inspect it (Suricata's raw reassembly):
// the in-order bytes not inspected yet (fresh) and up to `lookback` bytes inspected
// just before them (seen), so that a pattern split across segments is found where it
// completes, once. Fresh bytes are borrowed from the packet when the packet alone
// delivered them (valid until the packet is done); bytes drained from the
// out-of-order buffer, or several deliveries before one inspection, are copied. The
// owner inspects and commits fresh bytes once full() (past twice kMaxFresh only the
// newest kMaxFresh are kept). Bytes on either side of a gap never join: fresh bytes
// keep coming after a gap, which gaps() records, so one inspection covers both sides
// (each part on its own) and its alerts log them with Suricata's "[N bytes missing]"
// in between (marked()). With a lookback of 0 nothing is tracked; buffers exist only
// while a direction has data and are freed once it is closed and committed.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace rampart::stream {

// `length` bytes lost before fresh()[at].
struct RawGap {
  size_t at = 0;
  uint64_t length = 0;
};

class RawStream {
 public:
  static constexpr size_t kMaxFresh = 64 * 1024;

  explicit RawStream(size_t lookback = 0) : lookback_(static_cast<uint32_t>(lookback)) {}

  bool enabled() const { return lookback_ != 0; }
  // In-order bytes delivered; borrowed: they are the packet's own payload bytes.
  void add(std::span<const uint8_t> bytes, bool borrowed);
  // `length` bytes were skipped: what comes next must not join what came before.
  void gap(uint64_t length);
  // The packet being processed went into the stream (buffered, delivered or
  // retransmitted), so stream rules do not inspect its payload on its own.
  void note_packet_added() { packet_added_ = enabled(); }

  std::span<const uint8_t> seen() const { return buffers_ ? buffers_->seen : std::span<const uint8_t>{}; }
  std::span<const uint8_t> fresh() const { return buffers_ ? buffers_->fresh : std::span<const uint8_t>{}; }
  std::span<const RawGap> gaps() const { return buffers_ ? buffers_->gaps : std::span<const RawGap>{}; }
  // fresh() with "[N bytes missing]" at its gaps, as alerts log it (built anew on each call that has gaps).
  std::span<const uint8_t> marked();
  bool full() const { return fresh().size() >= kMaxFresh; }
  bool packet_added() const { return packet_added_; }

  // fresh() was inspected: its last bytes become seen, and the next packet starts anew.
  void commit();
  // No more bytes will come: the next commit frees the buffers.
  void close() { closed_ = true; }
  // Stops tracking (the flow's payload is no longer inspected): frees the buffers,
  // bytes not inspected yet included.
  void disable() {
    lookback_ = 0;
    packet_added_ = false;
    buffers_.reset();
  }

 private:
  struct Buffers {
    std::vector<uint8_t> seen;
    std::vector<uint8_t> fresh_copy;
    std::span<const uint8_t> fresh;
    std::vector<RawGap> gaps;
    std::vector<uint8_t> marked;
  };

  // Drops the `count` oldest bytes of the copied fresh bytes, and their gaps.
  void drop_oldest(size_t count);

  uint32_t lookback_;
  bool packet_added_ = false;
  bool closed_ = false;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace rampart::stream
