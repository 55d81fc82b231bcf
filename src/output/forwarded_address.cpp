#include "output/forwarded_address.hpp"

#include <algorithm>
#include <string_view>

namespace rampart::output {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; };
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

std::string_view trim(std::string_view s) {
  size_t first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// The value of the request header `name` ("Name: value" buffers), if present.
std::optional<std::string_view> header_value(const proto::EveFields& tx, std::string_view name) {
  for (size_t i = 0;; ++i) {
    auto field = tx.buffer("http.request_header", i);
    if (!field) return std::nullopt;
    std::string_view text(reinterpret_cast<const char*>(field->data()), field->size());
    size_t colon = text.find(':');
    if (colon != std::string_view::npos && iequals(trim(text.substr(0, colon)), name))
      return trim(text.substr(colon + 1));
  }
}

}  // namespace

std::optional<IpAddress> forwarded_address(const proto::EveFields& tx, const XffOptions& options) {
  std::optional<std::string_view> value = header_value(tx, options.header);
  if (!value) return std::nullopt;
  size_t comma = options.reverse ? value->rfind(',') : value->find(',');
  std::string_view entry = value->empty() || comma == std::string_view::npos ? *value
                           : options.reverse                                  ? value->substr(comma + 1)
                                                                              : value->substr(0, comma);
  return IpAddress::parse(trim(entry));
}

}  // namespace rampart::output
