#include "proto/smtp/line_frames.hpp"

#include <span>

namespace rampart::proto::text {

void LineFrames::report(const Line& line, size_t left, std::optional<uint64_t> tx_id, EventSink& sink) {
  const uint64_t offset = start_;
  pass(left);
  if (!sink.wants_frames()) return;
  const uint64_t length = start_ - offset;
  bytes_.assign(line.text);
  // A whole line lost only its CR LF (or LF); a truncated one keeps its first bytes.
  if (!line.truncated) bytes_.append(length - line.text.size() >= 2 ? "\r\n" : "\n");
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(bytes_.data()), bytes_.size());
  sink.frame(Frame{name_, dir_, ids_.next(dir_), offset, bytes, tx_id, length}, nullptr);
}

}  // namespace rampart::proto::text
