#include "detect/content_pattern.hpp"

#include <fmt/format.h>

#include "detect/text.hpp"

namespace rampart::detect {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the bytes of a |..| run; text is what lies between the bars.
RuleResult<void> append_hex(std::string_view keyword, std::string_view text, std::string& out) {
  int high = -1;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    int digit = hex_digit(c);
    if (digit < 0) return invalid_value(keyword, fmt::format("'{}' in a |hex| run is not a hex digit", c));
    if (high < 0) {
      high = digit;
    } else {
      out.push_back(static_cast<char>(high * 16 + digit));
      high = -1;
    }
  }
  if (high >= 0) return invalid_value(keyword, "odd number of hex digits in a |hex| run");
  return {};
}

}  // namespace

RuleResult<ContentPattern> decode_content_pattern(std::string_view keyword, std::string_view value) {
  ContentPattern pattern;
  value = trim(value);
  if (!value.empty() && value.front() == '!') {
    pattern.negated = true;
    value = trim(value.substr(1));
  }
  if (value.size() >= 2 && value.front() == '"') {
    size_t backslashes = 0;
    while (backslashes + 2 <= value.size() && value[value.size() - 2 - backslashes] == '\\') ++backslashes;
    if (value.back() != '"' || backslashes % 2 == 1) return invalid_value(keyword, "unterminated quoted string");
    value = value.substr(1, value.size() - 2);
  }
  bool in_hex = false;
  size_t hex_start = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    char c = value[i];
    if (c == '|') {
      if (in_hex) {
        if (auto r = append_hex(keyword, value.substr(hex_start, i - hex_start), pattern.bytes); !r) return std::unexpected(r.error());
      }
      in_hex = !in_hex;
      hex_start = i + 1;
    } else if (in_hex) {
      continue;
    } else if (c == '\\') {
      if (i + 1 >= value.size()) return invalid_value(keyword, "trailing backslash");
      char next = value[++i];
      if (next != '"' && next != ';' && next != '\\' && next != ':' && next != '|')
        return invalid_value(keyword, fmt::format("'\\{}' is not a valid escape", next));
      pattern.bytes.push_back(next);
    } else if (c == '"') {
      return invalid_value(keyword, "unescaped '\"' inside the pattern");
    } else {
      pattern.bytes.push_back(c);
    }
  }
  if (in_hex) return invalid_value(keyword, "unterminated |hex| run");
  if (pattern.bytes.empty()) return invalid_value(keyword, "empty pattern");
  return pattern;
}

}  // namespace rampart::detect
