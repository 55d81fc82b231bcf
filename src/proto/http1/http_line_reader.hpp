#pragma once
// Reads LF-terminated lines from input that may be split anywhere. A line that
// arrives whole is borrowed from the input; only a line split across calls is
// assembled in an internal buffer, which never exceeds the line limit.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto::http1 {

struct Line {
  std::string_view raw;   // with its CRLF or LF
  std::string_view text;  // without it
};

enum class LineStatus : uint8_t { Complete, NeedMore, TooLong };

class LineReader {
 public:
  explicit LineReader(size_t max_line) : max_line_(max_line) {}
  // Consumes input up to and including the next LF. On Complete, `line` stays
  // valid until the next call or until the input it borrows from goes away.
  LineStatus next(std::span<const uint8_t>& input, Line& line);
  // The bytes of an unfinished line (at the end of the stream).
  std::string_view pending() const { return partial_; }
  void clear() { partial_.clear(); }

 private:
  size_t max_line_;
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
