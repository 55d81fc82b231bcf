#include "center/notify/webhook.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <charconv>

namespace rampart::center::notify {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::expected<WebhookUrl, std::string> parse_webhook_url(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (!url.starts_with(kScheme)) return std::unexpected(fmt::format("\"{}\": only http:// webhook URLs are supported", url));
  std::string_view rest = url.substr(kScheme.size());
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  WebhookUrl out;
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
                                           std::chrono::milliseconds timeout) {
  asio::io_context context;
  tcp::resolver resolver(context);
  beast::error_code ec;
  auto endpoints = resolver.resolve(url.host, std::to_string(url.port), ec);
  if (ec) return std::unexpected(fmt::format("resolve {}: {}", url.host, ec.message()));
  beast::tcp_stream stream(context);
  stream.expires_after(timeout);
  stream.async_connect(endpoints, [&ec](beast::error_code result, const tcp::endpoint&) { ec = result; });
  context.run();
  if (ec) return std::unexpected(fmt::format("connect {}:{}: {}", url.host, url.port, ec.message()));
  http::request<http::string_body> request{http::verb::post, url.target, 11};
  request.set(http::field::host, url.host);
  request.set(http::field::user_agent, "rampart-center");
  request.set(http::field::content_type, "application/json");
  if (!secret.empty()) request.set("X-Rampart-Signature", "sha256=" + hmac_sha256_hex(secret, body));
  request.body() = body;
  request.prepare_payload();
  beast::flat_buffer buffer;
  http::response<http::string_body> response;
  context.restart();
  stream.expires_after(timeout);
  http::async_write(stream, request, [&](beast::error_code written, size_t) {
    if (written) {
      ec = written;
      return;
    }
    http::async_read(stream, buffer, response, [&ec](beast::error_code read, size_t) { ec = read; });
  });
  context.run();
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  if (ec) return std::unexpected(fmt::format("POST {}:{}{}: {}", url.host, url.port, url.target, ec.message()));
  if (response.result_int() < 200 || response.result_int() > 299)
    return std::unexpected(fmt::format("POST {}:{}{}: answered {}", url.host, url.port, url.target, response.result_int()));
  return {};
}

}  // namespace rampart::center::notify
