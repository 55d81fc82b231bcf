#pragma once
// One webhook delivery: an HTTP/1.1 POST of a JSON body to an http:// or https://
// URL (the server's certificate and name verified against the system's CAs or a
// given CA file) with a timeout, signed when a secret is set
// (X-Rampart-Signature: sha256=HEX, the HMAC-SHA256 of the body under the secret).
// Failures are values naming the cause; a non-2xx answer is a failure.
#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace rampart::center::notify {

struct WebhookUrl {
  bool tls = false;
  std::string host;
  uint16_t port = 80;
  std::string target = "/";  // path and query
};

// "http://HOST[:PORT][/PATH[?QUERY]]" or "https://..." (default port 443); IPv6 hosts in brackets.
std::expected<WebhookUrl, std::string> parse_webhook_url(std::string_view url);

// Lower-case hex HMAC-SHA256 of body under secret.
std::string hmac_sha256_hex(std::string_view secret, std::string_view body);

// ca_file: PEM file of the CAs trusted for an https URL; empty: the system's.
std::expected<void, std::string> post_json(const WebhookUrl& url, const std::string& body, const std::string& secret,
                                           const std::string& ca_file, std::chrono::milliseconds timeout);

}  // namespace rampart::center::notify
