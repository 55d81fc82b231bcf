#pragma once
// Reads LF-terminated lines from input that may be split anywhere (with
// cr_ends_line, a CR not followed by LF ends a line too, as libhtp reads a
// server's status line). A line that arrives whole is borrowed from the input;
// only a line split across calls is assembled in an internal buffer, which never
// exceeds the line limit.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto::http1 {

struct Line {
  std::string_view raw;   // with its CRLF, LF (or CR)
  std::string_view text;  // without it
};

enum class LineStatus : uint8_t { Complete, NeedMore, TooLong };

class LineReader {
 public:
  explicit LineReader(size_t max_line, bool cr_ends_line = false) : max_line_(max_line), cr_ends_line_(cr_ends_line) {}
  // Consumes input up to and including the next line end. On Complete, `line` stays
  // valid until the next call or until the input it borrows from goes away.
  LineStatus next(std::span<const uint8_t>& input, Line& line);
  // The bytes of an unfinished line (at the end of the stream).
  std::string_view pending() const { return returned_partial_ ? std::string_view() : std::string_view(partial_); }
  void clear() {
    partial_.clear();
    returned_partial_ = false;
  }

 private:
  size_t line_end(std::span<const uint8_t> input) const;
  LineStatus complete_held_cr(std::span<const uint8_t>& input, Line& line);

  size_t max_line_;
  bool cr_ends_line_;
  std::string partial_;
  bool returned_partial_ = false;
};

// Strips one trailing CR from a line's text.
std::string_view trim_cr(std::string_view s);
std::string_view trim_whitespace(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// s in ASCII lower case, without its NUL bytes when drop_nul.
std::string lowered(std::string_view s, bool drop_nul);
// a equals b ignoring ASCII case and any NUL bytes in a (libhtp's "nocase nozero").
bool iequals_ignoring_nul(std::string_view a, std::string_view b);
// Whether `lower_needle` (lower case) occurs in haystack, ignoring case and NUL bytes.
bool contains_ignoring_case_and_nul(std::string_view haystack, std::string_view lower_needle);
std::string_view as_chars(std::span<const uint8_t> bytes);
std::span<const uint8_t> as_bytes(std::string_view text);

}  // namespace rampart::proto::http1
