#pragma once
// One direction's raw stream as packet rules inspect it (Suricata's raw reassembly):
// the in-order bytes not inspected yet (fresh) and up to `lookback` bytes inspected
// just before them (seen), so that a pattern split across segments is found where it
// completes, once. Fresh bytes are borrowed from the packet when the packet alone
// delivered them (valid until the packet is done); bytes drained from the
// out-of-order buffer, or several deliveries before one inspection, are copied. The
// owner inspects and commits fresh bytes once full() (past twice kMaxFresh only the
// newest kMaxFresh are kept). Bytes on either side of a gap never join. With a
// lookback of 0 nothing is tracked; buffers exist only while a direction has data and
// are freed once it is closed and committed.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace rampart::stream {

class RawStream {
 public:
  static constexpr size_t kMaxFresh = 64 * 1024;

  explicit RawStream(size_t lookback = 0) : lookback_(static_cast<uint32_t>(lookback)) {}

  bool enabled() const { return lookback_ != 0; }
  // In-order bytes delivered; borrowed: they are the packet's own payload bytes.
  void add(std::span<const uint8_t> bytes, bool borrowed);
  // Bytes were skipped: what comes next must not join what came before. Fresh bytes
  // not inspected by then are dropped.
  void gap();
  // The packet being processed went into the stream (buffered, delivered or
  // retransmitted), so stream rules do not inspect its payload on its own.
  void note_packet_added() { packet_added_ = enabled(); }

  std::span<const uint8_t> seen() const { return buffers_ ? buffers_->seen : std::span<const uint8_t>{}; }
  std::span<const uint8_t> fresh() const { return buffers_ ? buffers_->fresh : std::span<const uint8_t>{}; }
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
  };

  uint32_t lookback_;
  bool packet_added_ = false;
  bool closed_ = false;
  std::unique_ptr<Buffers> buffers_;
};

}  // namespace rampart::stream
