#pragma once
// The in-order bytes of one direction that its receiver has not acknowledged yet.
// As in Suricata's IDS mode the application layer only sees acknowledged bytes, so
// these wait here, copied (the packet that brought them is gone when the ACK
// comes) and charged to the StreamMemory. Gaps wait in order with them, as lengths.
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "stream/tcp_session.hpp"

namespace rampart::stream {

class UnackedBytes {
 public:
  explicit UnackedBytes(StreamMemory& memory) : memory_(&memory) {}
  ~UnackedBytes() { memory_->release(bytes_.size() - head_); }
  UnackedBytes(UnackedBytes&& other) noexcept;
  UnackedBytes& operator=(UnackedBytes&&) = delete;
  UnackedBytes(const UnackedBytes&) = delete;
  UnackedBytes& operator=(const UnackedBytes&) = delete;

  bool empty() const { return held_ == 0; }
  // Stream bytes held: data and gaps.
  uint64_t held() const { return held_; }

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
  void release_data(uint64_t length, const DataReceiver& on_data);
  void compact();

  StreamMemory* memory_;
  std::vector<uint8_t> bytes_;
  size_t head_ = 0;           // bytes_[head_..] are held
  uint64_t data_released_ = 0;  // data bytes released so far
  uint64_t data_added_ = 0;
  uint64_t held_ = 0;
  std::vector<Gap> gaps_;  // rare: a vector, as a deque allocates on construction
};

}  // namespace rampart::stream
