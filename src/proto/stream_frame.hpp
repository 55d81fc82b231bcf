#pragma once
// Suricata's generic stream frame of a TCP application-layer flow (`http1.stream`,
// `tls.stream`, ...): one frame per direction holding the whole stream the parser was
// given, from its first byte to the flow's end, gaps included. It is frame id 1 of
// its direction, so the parser's own frames count from 2 while it is on. It is
// reported once, when the application layer finishes, with its first
// FrameWindow::kMaxKept bytes and where gaps cut them.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "proto/app_parser.hpp"

namespace rampart::proto {

class StreamFrames {
 public:
  // name: the protocol's stream frame ("http1.stream").
  explicit StreamFrames(std::string_view name) : name_(name) {}
  void feed(Direction dir, std::span<const uint8_t> bytes);
  void gap(Direction dir, uint64_t length);
  // Reports each direction that carried bytes; nothing is kept after.
  void finish(EventSink& sink);

 private:
  struct Side {
    std::vector<uint8_t> kept;
    std::vector<FrameGap> gaps;
    uint64_t length = 0;  // bytes given and lost, kept or not
  };

  std::string_view name_;
  std::array<Side, 2> sides_;
};

}  // namespace rampart::proto
