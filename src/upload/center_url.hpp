#pragma once
// The center's base URL: http://HOST[:PORT][/PREFIX] or https://... (IPv6 hosts in
// brackets). The default ports are 80 and 443; the prefix is kept for centers
// behind a reverse proxy that serves them under a path.
#include <expected>
#include <string>
#include <string_view>

namespace rampart::upload {

struct CenterUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path_prefix;  // "" or "/prefix" without a trailing slash
};

std::expected<CenterUrl, std::string> parse_center_url(std::string_view url);

}  // namespace rampart::upload
