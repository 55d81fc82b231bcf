#pragma once
// The frames of a text protocol's lines (Suricata's smtp.command_line,
// smtp.response_line, ftp.command_line, ftp.response_line): one per line of one
// direction, its text and line break, at its stream offset. The parser says how
// many bytes each call brings and, as it reads lines (text::LineReader), which
// lines are frames and which bytes are not (message data).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "proto/app_parser.hpp"
#include "proto/smtp/line_reader.hpp"

namespace rampart::proto::text {

class LineFrames {
 public:
  LineFrames(std::string_view name, Direction dir) : name_(name), dir_(dir) {}
  // A call brings `count` more bytes of the direction.
  void arrive(size_t count) { end_ += count; }
  // `line` was read and `left` bytes of the call remain after it: it is a frame of
  // transaction tx_id.
  void report(const Line& line, size_t left, std::optional<uint64_t> tx_id, EventSink& sink);
  // Bytes read up to where `left` bytes of the call remain are no frame.
  void pass(size_t left) { start_ = end_ - left; }

 private:
  std::string_view name_;
  Direction dir_;
  FrameIds ids_;
  uint64_t start_ = 0;  // stream offset of the next line
  uint64_t end_ = 0;    // stream offset after the bytes arrived
  std::string bytes_;   // the reported line's text and line break
};

}  // namespace rampart::proto::text
