#include "center/notify/webhook.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>

#include "upload/http_poster.hpp"

namespace rampart::center::notify {

std::expected<WebhookUrl, std::string> parse_webhook_url(std::string_view url) {
  WebhookUrl out;
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
    out.tls = true;
    out.port = 443;
  } else {
    return std::unexpected(fmt::format("\"{}\": a webhook URL starts with http:// or https://", url));
  }
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) out.target = std::string(rest.substr(slash));
  std::string_view host = authority;
  if (authority.starts_with('[')) {
    auto close = authority.find(']');
    if (close == std::string_view::npos) return std::unexpected(fmt::format("\"{}\": unclosed [ in the host", url));
    host = authority.substr(1, close - 1);
    authority = authority.substr(close + 1);
    if (!authority.empty() && !authority.starts_with(':'))
      return std::unexpected(fmt::format("\"{}\": bad text after the host", url));
  } else {
    host = authority.substr(0, authority.find(':'));
    authority = authority.substr(host.size());
  }
  if (host.empty()) return std::unexpected(fmt::format("\"{}\": no host", url));
  out.host = std::string(host);
  if (authority.starts_with(':')) {
    auto digits = authority.substr(1);
    unsigned port = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || port == 0 || port > 65535)
      return std::unexpected(fmt::format("\"{}\": bad port", url));
    out.port = static_cast<uint16_t>(port);
  }
  return out;
}

std::string hmac_sha256_hex(std::string_view secret, std::string_view body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned length = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(body.data()),
       body.size(), digest.data(), &length);
  std::string hex;
  for (unsigned i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::expected<void, std::string> post_json(const WebhookUrl& url, const std::string& body, const std::string& secret,
                                           const std::string& ca_file, std::chrono::milliseconds timeout) {
  upload::CenterUrl server{.tls = url.tls, .host = url.host, .port = std::to_string(url.port), .path_prefix = ""};
  auto poster = upload::HttpPoster::create(server, ca_file);
  if (!poster) return std::unexpected(poster.error());
  upload::HeaderList headers{{"User-Agent", "rampart-center"}, {"Content-Type", "application/json"}};
  if (!secret.empty()) headers.emplace_back("X-Rampart-Signature", "sha256=" + hmac_sha256_hex(secret, body));
  auto response = (*poster)->post(url.target, headers, body, timeout);
  if (!response) return std::unexpected(fmt::format("POST {}:{}{}: {}", url.host, url.port, url.target, response.error()));
  if (response->status < 200 || response->status > 299)
    return std::unexpected(fmt::format("POST {}:{}{}: answered {}", url.host, url.port, url.target, response->status));
  return {};
}

}  // namespace rampart::center::notify
