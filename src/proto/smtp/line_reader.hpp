#pragma once
// Splits one direction of a text protocol (SMTP, FTP) into lines, whatever the
// split of the bytes across calls. A line is kept up to `max_line` bytes; a line
// whose LF comes later is marked truncated and the rest of it is dropped, so
// the memory per direction is bounded by `max_line`. Read by pieces instead, a
// longer line comes whole, in pieces of `max_line` bytes.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto::text {

// Where a piece of a line longer than max_line sits in its line.
struct Piece {
  bool continuation = false;  // it follows an earlier piece of the same line
  bool continues = false;     // more of the line follows: no line break after it
};

struct Line {
  std::string_view text;  // without its CR LF (or LF); valid until the next call
  bool truncated = false;
  Piece piece;  // next_piece() only
};

class LineReader {
 public:
  explicit LineReader(size_t max_line) : max_line_(max_line) {}
  // Consumes bytes up to and including the next LF and returns that line, or
  // consumes everything and returns nothing while the line is incomplete.
  std::optional<Line> next(std::span<const uint8_t>& bytes);
  // As next(), but a line over max_line bytes is returned in pieces of max_line
  // bytes (a CR is held back for the next piece, so a CR LF never splits) and is
  // not truncated.
  std::optional<Line> next_piece(std::span<const uint8_t>& bytes);
  // Bytes of an incomplete line held so far.
  size_t pending() const { return line_.size(); }
  // The incomplete line held so far (without a CR at its end), as the last piece of
  // its line, when the stream is cut short there; nothing when none is held.
  std::optional<Line> take_incomplete();

 private:
  size_t max_line_;
  std::string line_;
  bool truncated_ = false;
  bool returned_ = false;  // line_ holds the previous, already returned line
  bool continuing_ = false;  // the previous piece returned has more of its line to come
};

}  // namespace rampart::proto::text
