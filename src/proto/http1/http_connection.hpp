#pragma once
// The AppParser of one HTTP/1.x flow: a request parser and a response parser
// sharing the queue of open transactions. After an accepted CONNECT the flow is
// a tunnel; when the tunnel carries plain HTTP again (a proxy chain) parsing
// restarts with fresh transactions, as Suricata's protocol change does.
#include <memory>
#include <span>
#include <string>

#include "proto/app_parser.hpp"
#include "proto/http1/http_limits.hpp"

namespace rampart::proto::http1 {

class HttpConnection final : public AppParser {
 public:
  explicit HttpConnection(const HttpLimits& limits = {});
  ~HttpConnection() override;
  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink& sink) override;
  void attach(const FlowContext& context) override;

 private:
  struct Session;
  enum class Mode : uint8_t { Http, ConnectTunnel, Opaque };
  bool parse_responses(std::span<const uint8_t> bytes, EventSink& sink);
  bool probe_tunnel(std::span<const uint8_t> bytes, EventSink& sink);

  HttpLimits limits_;
  std::unique_ptr<Session> session_;
  Mode mode_ = Mode::Http;
  std::string tunnel_head_;  // the tunnel's first client bytes, while too short to probe
};

}  // namespace rampart::proto::http1
