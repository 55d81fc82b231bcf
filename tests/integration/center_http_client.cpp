#include "integration/center_http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>

namespace rampart::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct CenterClient::Connection {
  asio::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

std::string exchange_raw(uint16_t port, const std::string& bytes) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  beast::error_code ec;
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
  if (ec) return {};
  stream.expires_after(std::chrono::seconds(30));
  asio::write(stream, asio::buffer(bytes), ec);
  std::string reply;
  std::array<char, 4096> chunk{};
  while (!ec) {
    size_t got = stream.read_some(asio::buffer(chunk), ec);
    reply.append(chunk.data(), got);
  }
  return reply;
}

CenterClient::CenterClient(uint16_t port) : port_(port) {}
CenterClient::~CenterClient() = default;

std::optional<ClientResponse> CenterClient::send(const std::string& method, const std::string& target,
                                                 const std::string& token, const std::string& body,
                                                 const std::map<std::string, std::string>& headers) {
  beast::error_code ec;
  if (!connection_) {
    connection_ = std::make_unique<Connection>();
    connection_->stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_), ec);
    if (ec) {
      connection_.reset();
      return std::nullopt;
    }
    ++connections_;
  }
  http::request<http::string_body> request{http::string_to_verb(method), target, 11};
  request.set(http::field::host, "127.0.0.1");
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.body() = body;
  request.keep_alive(true);
  request.prepare_payload();
  connection_->stream.expires_after(std::chrono::seconds(60));
  http::write(connection_->stream, request, ec);
  http::response<http::string_body> response;
  if (!ec) http::read(connection_->stream, connection_->buffer, response, ec);
  if (ec) {
    connection_.reset();
    return std::nullopt;
  }
  ClientResponse out{response.result_int(), response.body(), {}, response.keep_alive()};
  for (const auto& field : response) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(field.value());
  }
  if (!out.keep_alive) connection_.reset();
  return out;
}

std::optional<ClientResponse> CenterClient::post_events(const std::string& batch_id, const std::string& token,
                                                        const std::string& body,
                                                        const std::map<std::string, std::string>& headers) {
  auto all = headers;
  all.emplace("Content-Type", "application/x-ndjson");
  return send("POST", "/api/v1/events?batch=" + batch_id, token, body, all);
}

}  // namespace rampart::testing
