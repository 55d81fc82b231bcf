#pragma once
// The in-order bytes of one direction that its receiver has not acknowledged yet.
// As in Suricata's IDS mode the application layer only sees acknowledged bytes, so
// these wait here, copied (the packet that brought them is gone when the ACK
// comes) and charged to the StreamMemory. Gaps wait in order with them, as lengths.
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "stream/tcp_session.hpp"

namespace rampart::stream {

class UnackedBytes {
 public:
  explicit UnackedBytes(StreamMemory& memory) : memory_(&memory) {}
  ~UnackedBytes() {
    if (held_) memory_->release(held_->bytes.size() - held_->head);
  }
  UnackedBytes(UnackedBytes&& other) noexcept = default;
  UnackedBytes& operator=(UnackedBytes&&) = delete;
  UnackedBytes(const UnackedBytes&) = delete;
  UnackedBytes& operator=(const UnackedBytes&) = delete;

  bool empty() const { return held() == 0; }
  // Stream bytes held: data and gaps.
  uint64_t held() const { return held_ ? held_->length : 0; }

  // false: the memory cap refused the bytes; nothing changed.
  bool add(std::span<const uint8_t> bytes);
  void add_gap(uint64_t length);

  using DataReceiver = std::function<void(std::span<const uint8_t>)>;
  using GapReceiver = std::function<void(uint64_t)>;
  // Hands the oldest `length` held stream bytes (at most held()) on, in order:
  // data to on_data, gaps to on_gap.
  void release(uint64_t length, const DataReceiver& on_data, const GapReceiver& on_gap);

 private:
  struct Gap {
    uint64_t at;  // data bytes released before it, counted from the start
    uint64_t length;
  };
  // Made when the direction first holds something: most directions of a busy
  // network's flows (a scan's SYNs) never do, and each session has two.
  struct Held {
    std::vector<uint8_t> bytes;
    size_t head = 0;              // bytes[head..] are held
    uint64_t data_released = 0;   // data bytes released so far
    uint64_t data_added = 0;
    uint64_t length = 0;          // data and gaps held
    std::vector<Gap> gaps;        // rare: a vector, as a deque allocates on construction
  };
  Held& state();
  void release_data(uint64_t length, const DataReceiver& on_data);
  void compact();

  StreamMemory* memory_;
  std::unique_ptr<Held> held_;
};

}  // namespace rampart::stream
