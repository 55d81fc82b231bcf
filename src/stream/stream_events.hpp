#pragma once
// Named stream events (Suricata's stream-event names, e.g. "3whs_synack_in_wrong_direction"),
// logged as EVE anomaly records with type "stream" and event "stream.<name>".
#include <array>
#include <cstdint>
#include <string_view>

namespace rampart::stream {

enum class StreamEvent : uint16_t {
#define RAMPART_STREAM_EVENT(id, name) id,
#include "stream/stream_events.def"
#undef RAMPART_STREAM_EVENT
  kCount
};

inline constexpr size_t kStreamEventCount = static_cast<size_t>(StreamEvent::kCount);

std::string_view event_name(StreamEvent e);
// The name of the event's counter in EVE stats records ("stats.stream.<name>").
std::string_view stats_counter_name(StreamEvent e);

class StreamEvents {
 public:
  static constexpr size_t kMax = 8;
  void add(StreamEvent e) {
    if (count_ < kMax) items_[count_] = e;
    ++count_;
  }
  size_t size() const { return count_ < kMax ? count_ : kMax; }
  bool empty() const { return count_ == 0; }
  StreamEvent operator[](size_t i) const { return items_[i]; }
  void clear() { count_ = 0; }

 private:
  std::array<StreamEvent, kMax> items_{};
  uint8_t count_ = 0;
};

}  // namespace rampart::stream
