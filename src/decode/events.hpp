#pragma once
// Named decoder events (Suricata's decode-event names, e.g. "ipv4.trunc_pkt"). A
// packet carries the events its decoding raised; each is counted and logged as an
// EVE anomaly record with event "decoder.<name>".
#include <array>
#include <cstdint>
#include <string_view>

namespace rampart::decode {

enum class DecodeEvent : uint16_t {
#define RAMPART_DECODE_EVENT(id, name) id,
#include "decode/events.def"
#undef RAMPART_DECODE_EVENT
  kCount
};

inline constexpr size_t kDecodeEventCount = static_cast<size_t>(DecodeEvent::kCount);

// "ipv4.trunc_pkt" for DecodeEvent::Ipv4TruncPkt.
std::string_view event_name(DecodeEvent e);

// The events one packet raised; more than kMax are counted but not kept.
class DecodeEvents {
 public:
  static constexpr size_t kMax = 8;
  void add(DecodeEvent e) {
    if (count_ < kMax) items_[count_] = e;
    ++count_;
  }
  bool has(DecodeEvent e) const {
    for (size_t i = 0; i < size(); ++i)
      if (items_[i] == e) return true;
    return false;
  }
  size_t size() const { return count_ < kMax ? count_ : kMax; }
  bool empty() const { return count_ == 0; }
  DecodeEvent operator[](size_t i) const { return items_[i]; }
  void clear() { count_ = 0; }

 private:
  std::array<DecodeEvent, kMax> items_{};
  uint8_t count_ = 0;
};

}  // namespace rampart::decode
