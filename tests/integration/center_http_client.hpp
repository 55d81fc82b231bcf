#pragma once
// A blocking HTTP/1.1 client (Boost.Beast) on one keep-alive connection to the
// center on 127.0.0.1:PORT; it reconnects when the server closed the connection.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace rampart::testing {

struct ClientResponse {
  unsigned status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  bool keep_alive = false;
};

// Sends bytes as they are on a new connection and returns everything the server
// sent back until it closed the connection (for malformed HTTP).
std::string exchange_raw(uint16_t port, const std::string& bytes);

class CenterClient {
 public:
  explicit CenterClient(uint16_t port);
  ~CenterClient();
  CenterClient(const CenterClient&) = delete;
  CenterClient& operator=(const CenterClient&) = delete;

  // nullopt when the connection failed or was cut before a full response.
  std::optional<ClientResponse> send(const std::string& method, const std::string& target, const std::string& token,
                                     const std::string& body = "",
                                     const std::map<std::string, std::string>& headers = {});
  std::optional<ClientResponse> get(const std::string& target, const std::string& token) {
    return send("GET", target, token);
  }
  // POSTs an NDJSON batch.
  std::optional<ClientResponse> post_events(const std::string& batch_id, const std::string& token,
                                            const std::string& body,
                                            const std::map<std::string, std::string>& headers = {});
  // Connections opened so far (keep-alive reuses one).
  int connections_opened() const { return connections_; }

 private:
  struct Connection;
  uint16_t port_;
  std::unique_ptr<Connection> connection_;
  int connections_ = 0;
};

}  // namespace rampart::testing
