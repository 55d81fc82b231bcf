#pragma once
// HTTP/1.1 server on Boost.Beast: keep-alive, a request size limit (413), a read
// timeout per request, and graceful shutdown on SIGINT/SIGTERM: it stops
// accepting, lets requests in progress finish, closes idle connections and
// returns from run(). Requests are handled on `threads` I/O threads: several
// connections' requests at once (the handler must be thread-safe), one at a time
// per connection.
// With a certificate and key (PEM files) the listener speaks HTTPS only (OpenSSL,
// TLS 1.2 minimum); a missing, unreadable or mismatched certificate or key is a
// start-up error naming the file. A connection that fails its TLS handshake (a
// plain-HTTP client, for one) is closed without affecting the others.
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "center/api/http_types.hpp"
#include "center/api/metrics.hpp"

namespace rampart::center {

struct TlsFiles {
  std::string certificate;  // PEM: the server certificate, then any intermediates
  std::string key;          // PEM private key

  bool enabled() const { return !certificate.empty() || !key.empty(); }
};

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8470;  // 0 picks a free port
  size_t max_body_bytes = 16 * 1024 * 1024;
  std::chrono::seconds read_timeout{30};
  TlsFiles tls;  // empty: plain HTTP
  unsigned threads = 1;
};

using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;

class HttpServer {
 public:
  virtual ~HttpServer() = default;
  virtual uint16_t port() const = 0;
  // Serves until SIGINT or SIGTERM.
  virtual void run() = 0;
};

std::expected<std::unique_ptr<HttpServer>, std::string> start_http_server(const ServerOptions& options,
                                                                          RequestHandler handler, Metrics& metrics);

}  // namespace rampart::center
