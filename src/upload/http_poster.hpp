#pragma once
// A blocking HTTP/1.1 client that POSTs to the center (and GETs, for the sensor's
// indicator poller and the center's TAXII feed poller): one keep-alive connection
// (plain TCP, or TLS through OpenSSL with the peer's certificate and host name
// verified), reopened when the server closed it. Every request has a deadline
// covering connect, TLS handshake, write and read. Failures are values.
#include <chrono>
#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "upload/center_url.hpp"

namespace rampart::upload {

struct HttpResponse {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpPoster {
 public:
  // ca_file: PEM file of trusted CAs for https; empty: the system's.
  static std::expected<std::unique_ptr<HttpPoster>, std::string> create(const CenterUrl& url,
                                                                         const std::string& ca_file);
  ~HttpPoster();
  HttpPoster(const HttpPoster&) = delete;
  HttpPoster& operator=(const HttpPoster&) = delete;

  // path is appended to the URL's prefix ("/api/v1/events").
  std::expected<HttpResponse, std::string> post(std::string_view path, const HeaderList& headers, std::string body,
                                                std::chrono::milliseconds timeout);
  // Longer response bodies fail the request (default: 8 MiB).
  void set_response_limit(uint64_t bytes);

  // path (with its query) is appended to the URL's prefix.
  std::expected<HttpResponse, std::string> get(std::string_view path, const HeaderList& headers,
                                               std::chrono::milliseconds timeout);

 private:
  struct Connection;
  explicit HttpPoster(std::unique_ptr<Connection> connection);
  std::expected<HttpResponse, std::string> send(bool post, std::string_view path, const HeaderList& headers,
                                                std::string body, std::chrono::milliseconds timeout);
  std::unique_ptr<Connection> connection_;
};

}  // namespace rampart::upload
