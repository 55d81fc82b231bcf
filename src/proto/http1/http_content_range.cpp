#include "proto/http1/http_content_range.hpp"

#include <charconv>

namespace rampart::proto::http1 {

namespace {

std::optional<uint64_t> number(std::string_view& rest) {
  uint64_t n = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
  if (ec != std::errc()) return std::nullopt;
  rest.remove_prefix(static_cast<size_t>(end - rest.data()));
  return n;
}

bool take(std::string_view& rest, char c) {
  if (rest.empty() || rest.front() != c) return false;
  rest.remove_prefix(1);
  return true;
}

}  // namespace

std::optional<ContentRange> parse_content_range(std::string_view value) {
  if (!value.starts_with("bytes")) return std::nullopt;
  std::string_view rest = value.substr(5);
  while (take(rest, ' ')) {
  }
  ContentRange range;
  if (!take(rest, '*')) {
    range.start = number(rest);
    if (!range.start || !take(rest, '-')) return std::nullopt;
    range.end = number(rest);
    if (!range.end || *range.end < *range.start) return std::nullopt;
  }
  if (!take(rest, '/')) return std::nullopt;
  if (take(rest, '*')) return rest.empty() && range.start ? std::optional(range) : std::nullopt;
  range.size = number(rest);
  if (!range.size || !rest.empty()) return std::nullopt;
  return range;
}

}  // namespace rampart::proto::http1
