#include "center/api/query_string.hpp"

#include <fmt/format.h>

#include <optional>

namespace rampart::center {

namespace {

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return std::nullopt;
}

std::expected<std::string, std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::unexpected(fmt::format("truncated %-escape at offset {}", i));
      auto high = hex_value(text[i + 1]);
      auto low = hex_value(text[i + 2]);
      if (!high || !low) return std::unexpected(fmt::format("bad %-escape at offset {}", i));
      out.push_back(static_cast<char>(*high * 16 + *low));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::expected<RequestTarget, std::string> parse_target(std::string_view target) {
  RequestTarget out;
  size_t question = target.find('?');
  auto path = percent_decode(target.substr(0, question), false);
  if (!path) return std::unexpected(path.error());
  out.path = std::move(*path);
  if (question == std::string_view::npos) return out;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query.remove_prefix(amp == std::string_view::npos ? query.size() : amp + 1);
    if (pair.empty()) continue;
    size_t equals = pair.find('=');
    auto key = percent_decode(pair.substr(0, equals), true);
    auto value = percent_decode(equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1), true);
    if (!key) return std::unexpected(key.error());
    if (!value) return std::unexpected(value.error());
    if (!out.params.emplace(std::move(*key), std::move(*value)).second)
      return std::unexpected(fmt::format("parameter \"{}\" is repeated", pair.substr(0, equals)));
  }
  return out;
}

}  // namespace rampart::center
