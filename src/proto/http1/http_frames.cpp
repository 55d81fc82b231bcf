#include "proto/http1/http_frames.hpp"

namespace rampart::proto::http1 {

void MessageFrames::start(uint64_t offset, uint64_t tx_id) {
  window_.start(offset);
  tx_id_ = tx_id;
}

void MessageFrames::gap(uint64_t length, EventSink& sink) {
  report(window_.position(), length, sink);
  window_.skip(length);
}

void MessageFrames::end(uint64_t end, EventSink& sink) { report(end, 0, sink); }

void MessageFrames::report(uint64_t end, uint64_t missing, EventSink& sink) {
  if (!window_.open()) return;
  const uint64_t offset = window_.start_offset();
  const auto bytes = window_.finish(end);
  if (bytes.empty() || !sink.wants_frames()) return;
  // The bytes lost behind a message cut by a gap show at its end, unless the
  // message was longer than what is kept.
  const FrameGap lost{bytes.size(), missing};
  std::span<const FrameGap> gaps;
  if (missing > 0 && bytes.size() == end - offset) gaps = {&lost, 1};
  sink.frame(Frame{name_, dir_, ids_.next(dir_), offset, bytes, tx_id_, end - offset + missing, gaps}, nullptr);
}

}  // namespace rampart::proto::http1
