#pragma once
// The AppParser of one HTTP/1.x flow: a request parser and a response parser
// sharing the queue of open transactions. After an accepted CONNECT the flow is
// a tunnel; when the tunnel carries plain HTTP again (a proxy chain) parsing
// restarts with fresh transactions, as Suricata's protocol change does; when it
// carries anything else (TLS to the proxied site), the parser hands the tunnel's
// bytes on for protocol detection (upgrade() is kDetectAgain).
#include <array>
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
  void inspect_deferred(Direction side, EventSink& sink) override;
  void attach(const FlowContext& context) override;
  std::string_view upgrade() const override { return mode_ == Mode::HandedOver ? kDetectAgain : std::string_view(); }
  std::string take_handover(Direction dir) override;

 private:
  struct Session;
  enum class Mode : uint8_t { Http, ConnectTunnel, HandedOver, Opaque };
  void hold_for_handover(Direction dir, std::span<const uint8_t> bytes);
  void server_tunnel_bytes(std::span<const uint8_t> bytes);
  bool parse_responses(std::span<const uint8_t> bytes, EventSink& sink);
  bool probe_tunnel(std::span<const uint8_t> bytes, EventSink& sink);

  HttpLimits limits_;
  std::unique_ptr<Session> session_;
  Mode mode_ = Mode::Http;
  std::string tunnel_head_;  // the tunnel's first client bytes, while too short to probe
  std::array<std::string, 2> handover_;  // tunnel bytes for the next protocol, per direction (bounded)
};

}  // namespace rampart::proto::http1
