#include "proto/smtp/line_reader.hpp"

#include <algorithm>

namespace rampart::proto::text {

std::optional<Line> LineReader::next(std::span<const uint8_t>& bytes) {
  if (returned_) {
    line_.clear();
    truncated_ = false;
    returned_ = false;
  }
  auto newline = std::find(bytes.begin(), bytes.end(), uint8_t{'\n'});
  size_t length = static_cast<size_t>(newline - bytes.begin());
  size_t kept = std::min(length, max_line_ - std::min(max_line_, line_.size()));
  line_.append(reinterpret_cast<const char*>(bytes.data()), kept);
  if (newline == bytes.end()) {
    bytes = {};
    return std::nullopt;
  }
  bytes = bytes.subspan(length + 1);
  returned_ = true;
  // As Suricata counts it: a line whose LF is not within its first max_line
  // bytes is truncated, and then keeps its CR.
  truncated_ = line_.size() >= max_line_;
  std::string_view text = line_;
  if (!truncated_ && text.ends_with('\r')) text.remove_suffix(1);
  return Line{text, truncated_, {}};
}

std::optional<Line> LineReader::next_piece(std::span<const uint8_t>& bytes) {
  const bool continuation = continuing_;
  if (returned_) {
    line_.clear();
    returned_ = false;
  }
  auto newline = std::find(bytes.begin(), bytes.end(), uint8_t{'\n'});
  size_t length = static_cast<size_t>(newline - bytes.begin());
  size_t room = max_line_ - std::min(max_line_, line_.size());
  if (length < room) {
    std::optional<Line> line = next(bytes);
    if (line) {
      continuing_ = false;
      line->piece.continuation = continuation;
    }
    return line;
  }
  size_t taken = room;
  if (taken > 1 && bytes[taken - 1] == '\r') --taken;
  line_.append(reinterpret_cast<const char*>(bytes.data()), taken);
  bytes = bytes.subspan(taken);
  returned_ = true;
  continuing_ = true;
  return Line{line_, false, Piece{continuation, true}};
}

std::optional<Line> LineReader::take_incomplete() {
  if (returned_ || line_.empty()) return std::nullopt;
  returned_ = true;
  const bool continuation = continuing_;
  continuing_ = false;
  std::string_view text = line_;
  if (text.ends_with('\r')) text.remove_suffix(1);
  return Line{text, truncated_, Piece{continuation, false}};
}

}  // namespace rampart::proto::text
