#pragma once
// Splits one direction of a text protocol (SMTP, FTP) into lines, whatever the
// split of the bytes across calls. A line is kept up to `max_line` bytes; a line
// whose LF comes later is marked truncated and the rest of it is dropped, so
// the memory per direction is bounded by `max_line`.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto::text {

struct Line {
  std::string_view text;  // without its CR LF (or LF); valid until the next call
  bool truncated = false;
};

class LineReader {
 public:
  explicit LineReader(size_t max_line) : max_line_(max_line) {}
  // Consumes bytes up to and including the next LF and returns that line, or
  // consumes everything and returns nothing while the line is incomplete.
  std::optional<Line> next(std::span<const uint8_t>& bytes);
  // Bytes of an incomplete line held so far.
  size_t pending() const { return line_.size(); }

 private:
  size_t max_line_;
  std::string line_;
  bool truncated_ = false;
  bool returned_ = false;  // line_ holds the previous, already returned line
};

}  // namespace rampart::proto::text
