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

LineStatus LineReader::next(std::span<const uint8_t>& input, Line& line) {
  if (returned_partial_) {
    partial_.clear();
    returned_partial_ = false;
  }
  const auto* lf = static_cast<const uint8_t*>(std::memchr(input.data(), '\n', input.size()));
  size_t take = lf != nullptr ? static_cast<size_t>(lf - input.data()) + 1 : input.size();
  if (partial_.size() + take > max_line_) return LineStatus::TooLong;
  std::string_view chunk = as_chars(input.first(take));
  input = input.subspan(take);
  if (lf == nullptr) {
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
  line.text = trim_cr(raw.substr(0, raw.size() - 1));
  return LineStatus::Complete;
}

}  // namespace rampart::proto::http1
