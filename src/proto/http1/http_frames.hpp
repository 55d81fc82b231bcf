#pragma once
// Suricata's HTTP/1 frames: http1.request (request line to the end of the body) and
// http1.response (status line to the end of the body), one per message, tied to its
// transaction. Each side's parser keeps one MessageFrames.
#include <cstdint>
#include <span>
#include <string_view>

#include "proto/app_parser.hpp"
#include "proto/frame_window.hpp"

namespace rampart::proto::http1 {

class MessageFrames {
 public:
  MessageFrames(std::string_view name, Direction dir) : name_(name), dir_(dir) {}
  // The bytes the side's parser was given, each once.
  void feed(std::span<const uint8_t> bytes, EventSink& sink) { window_.feed(bytes, sink.wants_frames()); }
  // The stream position where `rest`, the unparsed end of the bytes fed, starts.
  uint64_t position_of(std::span<const uint8_t> rest) const { return window_.position() - rest.size(); }
  // A message of transaction tx_id starts at stream position offset.
  void start(uint64_t offset, uint64_t tx_id);
  // The open message ends at stream position end: it is reported as a frame.
  void end(uint64_t end, EventSink& sink);
  // `length` bytes were lost: the open message is reported with its bytes before the
  // gap (as Suricata inspects a frame up to a gap), and no frame is open after it.
  void gap(uint64_t length, EventSink& sink);

 private:
  // The open message as a frame ending at `end`, `missing` more bytes lost behind it
  // (it is then incomplete).
  void report(uint64_t end, uint64_t missing, EventSink& sink);

  std::string_view name_;
  Direction dir_;
  FrameWindow window_;
  FrameIds ids_;
  uint64_t tx_id_ = 0;
};

}  // namespace rampart::proto::http1
