#include "upload/http_poster.hpp"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <cctype>
#include <optional>

namespace rampart::upload {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;

namespace {

using Clock = std::chrono::steady_clock;

// Beast's stream deadlines apply to asynchronous operations only, so each step is
// started asynchronously and the io_context run until it completes.
template <class Start>
beast::error_code run_step(asio::io_context& io, Start&& start) {
  beast::error_code result = asio::error::would_block;
  start([&result](beast::error_code ec, auto&&...) { result = ec; });
  io.restart();
  io.run();
  return result;
}

std::chrono::milliseconds remaining(Clock::time_point deadline) {
  return std::max(std::chrono::milliseconds(1),
                  std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()));
}

}  // namespace

struct HttpPoster::Connection {
  CenterUrl url;
  asio::io_context io;
  std::optional<ssl::context> tls;
  std::unique_ptr<beast::tcp_stream> plain;
  std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;
  uint64_t response_limit = 8ULL << 20;

  bool open() const { return plain || secure; }
  beast::tcp_stream& transport() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  void close() {
    plain.reset();
    secure.reset();
    buffer.clear();
  }

  std::expected<void, std::string> connect(Clock::time_point deadline) {
    tcp::resolver resolver(io);
    beast::error_code ec;
    auto endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) return std::unexpected(fmt::format("cannot resolve {}: {}", url.host, ec.message()));
    auto stream = std::make_unique<beast::tcp_stream>(io);
    stream->expires_after(remaining(deadline));
    ec = run_step(io, [&](auto handler) { stream->async_connect(endpoints, std::move(handler)); });
    if (ec) return std::unexpected(fmt::format("cannot connect to {}:{}: {}", url.host, url.port, ec.message()));
    if (!tls) {
      plain = std::move(stream);
      return {};
    }
    secure = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(std::move(*stream), *tls);
    if (!SSL_set_tlsext_host_name(secure->native_handle(), url.host.c_str())) {
      close();
      return std::unexpected(fmt::format("TLS: cannot set the server name {}", url.host));
    }
    secure->set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(*secure).expires_after(remaining(deadline));
    ec = run_step(io, [&](auto handler) { secure->async_handshake(ssl::stream_base::client, std::move(handler)); });
    if (ec) {
      close();
      return std::unexpected(fmt::format("TLS handshake with {}:{} failed: {}", url.host, url.port, ec.message()));
    }
    return {};
  }

  template <class Stream>
  beast::error_code exchange(Stream& stream, http::request<http::string_body>& request,
                             http::response_parser<http::string_body>& response) {
    auto ec = run_step(io, [&](auto handler) { http::async_write(stream, request, std::move(handler)); });
    if (ec) return ec;
    return run_step(io, [&](auto handler) { http::async_read(stream, buffer, response, std::move(handler)); });
  }

  std::expected<HttpResponse, std::string> attempt(http::request<http::string_body>& request,
                                                   Clock::time_point deadline) {
    if (!open())
      if (auto connected = connect(deadline); !connected) return std::unexpected(connected.error());
    transport().expires_after(remaining(deadline));
    http::response_parser<http::string_body> parser;
    parser.body_limit(response_limit);
    auto ec = secure ? exchange(*secure, request, parser) : exchange(*plain, request, parser);
    if (ec) {
      close();
      return std::unexpected(fmt::format("HTTP exchange with {}:{} failed: {}", url.host, url.port, ec.message()));
    }
    auto response = parser.release();
    if (!response.keep_alive()) close();
    HttpResponse out{response.result_int(), std::move(response.body()), {}};
    for (const auto& field : response) {
      std::string name(field.name_string());
      std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
      out.headers[name] = std::string(field.value());
    }
    return out;
  }
};

HttpPoster::HttpPoster(std::unique_ptr<Connection> connection) : connection_(std::move(connection)) {}
HttpPoster::~HttpPoster() = default;

std::expected<std::unique_ptr<HttpPoster>, std::string> HttpPoster::create(const CenterUrl& url,
                                                                           const std::string& ca_file) {
  auto connection = std::make_unique<Connection>();
  connection->url = url;
  if (url.tls) {
    connection->tls.emplace(ssl::context::tls_client);
    beast::error_code ec;
    connection->tls->set_verify_mode(ssl::verify_peer, ec);
    if (!ec) {
      if (ca_file.empty()) connection->tls->set_default_verify_paths(ec);
      else connection->tls->load_verify_file(ca_file, ec);
    }
    if (ec) return std::unexpected(fmt::format("TLS: cannot load trusted CAs{}: {}", ca_file.empty() ? "" : " from " + ca_file, ec.message()));
  }
  return std::unique_ptr<HttpPoster>(new HttpPoster(std::move(connection)));
}

std::expected<HttpResponse, std::string> HttpPoster::post(std::string_view path, const HeaderList& headers,
                                                          std::string body, std::chrono::milliseconds timeout) {
  return send(true, path, headers, std::move(body), timeout);
}

void HttpPoster::set_response_limit(uint64_t bytes) { connection_->response_limit = bytes; }

std::expected<HttpResponse, std::string> HttpPoster::get(std::string_view path, const HeaderList& headers,
                                                         std::chrono::milliseconds timeout) {
  return send(false, path, headers, {}, timeout);
}

std::expected<HttpResponse, std::string> HttpPoster::send(bool post, std::string_view path, const HeaderList& headers,
                                                          std::string body, std::chrono::milliseconds timeout) {
  auto deadline = Clock::now() + timeout;
  Connection& c = *connection_;
  http::request<http::string_body> request{post ? http::verb::post : http::verb::get,
                                           c.url.path_prefix + std::string(path), 11};
  bool default_port = c.url.port == (c.url.tls ? "443" : "80");
  bool ipv6 = c.url.host.find(':') != std::string::npos;
  std::string host = ipv6 ? "[" + c.url.host + "]" : c.url.host;
  request.set(http::field::host, default_port ? host : host + ":" + c.url.port);
  request.set(http::field::user_agent, "rampart-sensor");
  for (const auto& [name, value] : headers) request.set(name, value);
  if (post) request.body() = std::move(body);
  request.keep_alive(true);
  request.prepare_payload();
  bool reused = c.open();
  auto result = c.attempt(request, deadline);
  // A kept-alive connection the server closed in the meantime fails on first use.
  if (!result && reused && Clock::now() < deadline) result = c.attempt(request, deadline);
  return result;
}

}  // namespace rampart::upload
