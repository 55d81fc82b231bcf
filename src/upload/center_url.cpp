#include "upload/center_url.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace rampart::upload {

namespace {

std::unexpected<std::string> bad(std::string_view url, std::string_view why) {
  return std::unexpected(fmt::format("center URL '{}': {}", url, why));
}

bool valid_port(std::string_view port) {
  unsigned n = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  return ec == std::errc() && end == port.data() + port.size() && n > 0 && n <= 65535;
}

}  // namespace

std::expected<CenterUrl, std::string> parse_center_url(std::string_view url) {
  CenterUrl out;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    out.tls = true;
    rest = url.substr(8);
  } else {
    return bad(url, "must start with http:// or https://");
  }
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  if (path.find_first_of("?#") != std::string_view::npos) return bad(url, "a query or fragment is not allowed");
  while (path.ends_with('/')) path.remove_suffix(1);
  out.path_prefix = std::string(path);
  if (authority.find('@') != std::string_view::npos) return bad(url, "credentials belong in --token, not the URL");
  std::string_view port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return bad(url, "unterminated [IPv6 address]");
    out.host = std::string(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) return bad(url, "unexpected text after the IPv6 address");
    if (!after.empty()) port = after.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    out.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  if (out.host.empty()) return bad(url, "no host");
  if (std::any_of(out.host.begin(), out.host.end(), [](char c) { return c == ' ' || c == '\t'; }))
    return bad(url, "the host contains blanks");
  if (!port.empty() && !valid_port(port)) return bad(url, "the port must be a number from 1 to 65535");
  out.port = port.empty() ? (out.tls ? "443" : "80") : std::string(port);
  return out;
}

}  // namespace rampart::upload
