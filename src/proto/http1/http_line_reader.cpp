#include "proto/http1/http_line_reader.hpp"

#include <algorithm>
#include <cstring>
#include <string>

namespace rampart::proto::http1 {

std::string_view as_chars(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

std::span<const uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

std::string_view trim_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

std::string_view trim_whitespace(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) {
           return lower(x) == lower(y);
         });
}

std::string lowered(std::string_view s, bool drop_nul) {
  std::string out;
  out.reserve(s.size());
  for (char c : s)
    if (!drop_nul || c != '\0') out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  return out;
}

bool iequals_ignoring_nul(std::string_view a, std::string_view b) {
  if (a.find('\0') == std::string_view::npos) return iequals(a, b);
  return iequals(lowered(a, true), b);
}

bool contains_ignoring_case_and_nul(std::string_view haystack, std::string_view lower_needle) {
  return lowered(haystack, true).find(lower_needle) != std::string::npos;
}

namespace {

// The line's text: without its LF and the CR before it, or without a lone CR.
std::string_view without_line_end(std::string_view raw) {
  if (raw.ends_with('\n')) raw.remove_suffix(1);
  return trim_cr(raw);
}

}  // namespace

// Bytes up to and including the line end in input, 0 when it has none yet. In
// CR mode a CR at the end of input is undecided: it waits for the next byte.
size_t LineReader::line_end(std::span<const uint8_t> input) const {
  const auto* begin = input.data();
  const auto* lf = static_cast<const uint8_t*>(std::memchr(begin, '\n', input.size()));
  size_t lf_end = lf != nullptr ? static_cast<size_t>(lf - begin) + 1 : 0;
  if (!cr_ends_line_) return lf_end;
  size_t scan = lf != nullptr ? lf_end - 1 : input.size();
  const auto* cr = static_cast<const uint8_t*>(std::memchr(begin, '\r', scan));
  if (cr == nullptr) return lf_end;
  size_t at = static_cast<size_t>(cr - begin);
  if (at + 1 == input.size()) return 0;
  return input[at + 1] == '\n' ? at + 2 : at + 1;
}

LineStatus LineReader::complete_held_cr(std::span<const uint8_t>& input, Line& line) {
  if (input.empty()) return LineStatus::NeedMore;
  if (input.front() == '\n') {
    partial_.push_back('\n');
    input = input.subspan(1);
  }
  returned_partial_ = true;
  line.raw = partial_;
  line.text = without_line_end(partial_);
  return LineStatus::Complete;
}

LineStatus LineReader::next(std::span<const uint8_t>& input, Line& line) {
  if (returned_partial_) {
    partial_.clear();
    returned_partial_ = false;
  }
  if (cr_ends_line_ && partial_.ends_with('\r')) return complete_held_cr(input, line);
  size_t end = line_end(input);
  size_t take = end != 0 ? end : input.size();
  if (partial_.size() + take > max_line_) return LineStatus::TooLong;
  std::string_view chunk = as_chars(input.first(take));
  input = input.subspan(take);
  if (end == 0) {
    partial_.append(chunk);
    return LineStatus::NeedMore;
  }
  std::string_view raw = chunk;
  if (!partial_.empty()) {
    partial_.append(chunk);
    returned_partial_ = true;
    raw = partial_;
  }
  line.raw = raw;
  line.text = without_line_end(raw);
  return LineStatus::Complete;
}

}  // namespace rampart::proto::http1
