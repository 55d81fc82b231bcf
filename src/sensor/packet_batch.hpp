#pragma once
// Packets on their way from the reader to a worker. The reader's buffers are
// reused for the next packet, so a batch owns a copy of each frame in one arena
// and the packet's views are moved onto that copy (every view a Packet holds lies
// inside its frame, which makes the move a matter of offsets).
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <vector>

#include "decode/packet.hpp"

namespace rampart::sensor {

class PacketBatch {
 public:
  static constexpr size_t kMaxPackets = 256;
  // Room for 256 frames of 1 KiB; a batch of larger frames is sent early. Every lane
  // keeps its batches, so this times the queue depth is resident per worker.
  static constexpr size_t kArenaBytes = 256 << 10;

  PacketBatch() { arena_.reserve(kArenaBytes); }

  bool has_room_for(const decode::Packet& pkt) const {
    return packets_.size() < kMaxPackets && arena_.size() + pkt.frame.size() <= arena_.capacity();
  }
  // Copies pkt's frame into the arena (call has_room_for first, or on an empty batch).
  void add(const decode::Packet& pkt);
  bool empty() const { return packets_.empty(); }
  const std::vector<decode::Packet>& packets() const { return packets_; }
  void clear() {
    packets_.clear();
    arena_.clear();
    tick_usec = 0;
  }
  // Live capture: after its packets, the worker's clock moves to this time (0: no tick).
  uint64_t tick_usec = 0;

 private:
  std::vector<uint8_t> arena_;
  std::vector<decode::Packet> packets_;
};

// A bounded blocking queue of batches between two threads; close() ends it.
class BatchQueue {
 public:
  explicit BatchQueue(size_t capacity) : capacity_(capacity) {}
  void push(std::unique_ptr<PacketBatch> batch);
  // Blocks until a batch is there; nullptr once closed and empty.
  std::unique_ptr<PacketBatch> pop();
  // Non-blocking: a batch if one is there.
  std::unique_ptr<PacketBatch> try_pop();
  void close();

 private:
  size_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<PacketBatch>> items_;
  bool closed_ = false;
};

}  // namespace rampart::sensor
