#include "proto/http1/http_connection.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "proto/flow_context.hpp"
#include "proto/http1/http_line_reader.hpp"
#include "proto/http1/http_protocol.hpp"
#include "proto/http1/http_request_parser.hpp"
#include "proto/http1/http_response_parser.hpp"

namespace rampart::proto::http1 {

namespace {

size_t body_capture(uint64_t configured) {
  if (configured == 0 || configured > AppLayerSettings::kHttpBodyLimitMax) return AppLayerSettings::kHttpBodyLimitMax;
  return static_cast<size_t>(configured);
}

}  // namespace

struct HttpConnection::Session {
  explicit Session(const HttpLimits& limits) : queue(limits), requests(limits, queue), responses(limits, queue) {}
  TransactionQueue queue;
  RequestParser requests;
  ResponseParser responses;
};

HttpConnection::HttpConnection(const HttpLimits& limits)
    : limits_(limits), session_(std::make_unique<Session>(limits_)) {}

HttpConnection::~HttpConnection() = default;

void HttpConnection::attach(const FlowContext& context) {
  if (context.settings == nullptr) return;
  const auto& settings = *context.settings;
  limits_.max_decompress_layers = settings.http_decompress_layer_limit;
  limits_.request_body_capture = body_capture(settings.http_request_body_limit);
  limits_.response_body_capture = body_capture(settings.http_response_body_limit);
  limits_.file_hashes = settings.file_hashes;
  limits_.file_store = settings.file_store;
}

bool HttpConnection::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  if (mode_ == Mode::ConnectTunnel) {
    if (dir == Direction::ToServer) return probe_tunnel(bytes, sink);
    server_tunnel_bytes(bytes);
    return true;
  }
  if (mode_ != Mode::Http) return true;  // another protocol's bytes
  if (dir == Direction::ToServer) return session_->requests.parse(bytes, sink);
  return parse_responses(bytes, sink);
}

bool HttpConnection::probe_tunnel(std::span<const uint8_t> bytes, EventSink& sink) {
  // A request can arrive a few bytes at a time; the probe asks for more only
  // while the bytes are shorter than a method name, so this stays tiny.
  // Line endings a client sends after its CONNECT request are not tunnel data.
  while (tunnel_head_.empty() && !bytes.empty() && (bytes.front() == '\r' || bytes.front() == '\n'))
    bytes = bytes.subspan(1);
  if (bytes.empty()) return true;
  tunnel_head_.append(as_chars(bytes));
  switch (probe_http(Direction::ToServer, as_bytes(tunnel_head_))) {
    case ProbeResult::NeedMore: return true;
    case ProbeResult::NoMatch:
      mode_ = Mode::HandedOver;
      hold_for_handover(Direction::ToServer, as_bytes(tunnel_head_));
      tunnel_head_.clear();
      return true;
    case ProbeResult::Match: break;
  }
  session_->queue.log_all(sink);
  session_ = std::make_unique<Session>(limits_);
  mode_ = Mode::Http;
  std::string head = std::exchange(tunnel_head_, {});
  std::string answers = take_handover(Direction::ToClient);
  if (!session_->requests.parse(as_bytes(head), sink)) return false;
  return answers.empty() || parse_responses(as_bytes(answers), sink);
}

// The response parser takes the bytes once, then parses until they run out or the
// connection changes (after a refused CONNECT it goes on with what it left).
bool HttpConnection::parse_responses(std::span<const uint8_t> bytes, EventSink& sink) {
  session_->responses.take(bytes, sink);
  while (true) {
    switch (session_->responses.parse(bytes, sink)) {
      case ResponseOutcome::Continue: return true;
      case ResponseOutcome::Stop: return false;
      case ResponseOutcome::Upgraded:
        session_->requests.enter_tunnel();
        mode_ = Mode::Opaque;
        return true;
      case ResponseOutcome::Tunnel: {
        // What the client sent while waiting for the answer is tunnel data.
        std::string held = session_->requests.enter_tunnel();
        mode_ = Mode::ConnectTunnel;
        if (!held.empty() && !parse(Direction::ToServer, as_bytes(held), sink)) return false;
        if (mode_ == Mode::Http) return parse_responses(bytes, sink);  // a new session's parser
        server_tunnel_bytes(bytes);
        return true;
      }
      case ResponseOutcome::ConnectRefused:
        if (!session_->requests.resume_after_refused_connect(sink)) return false;
        break;
    }
  }
}

void HttpConnection::gap(Direction dir, uint32_t length, EventSink& sink) {
  if (mode_ != Mode::Http) return;
  if (dir == Direction::ToServer) {
    session_->requests.gap(length, sink);
  } else {
    session_->responses.gap(length, sink);
  }
}

void HttpConnection::hold_for_handover(Direction dir, std::span<const uint8_t> bytes) {
  std::string& held = handover_[static_cast<size_t>(dir)];
  held.append(as_chars(bytes.first(std::min(bytes.size(), limits_.max_connect_stash - std::min(limits_.max_connect_stash, held.size())))));
}

// The server's bytes in the tunnel wait for the next protocol; when the server
// speaks first, before any client bytes, the tunnel is no HTTP (SSH, SMTP ... through
// the proxy).
void HttpConnection::server_tunnel_bytes(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return;
  hold_for_handover(Direction::ToClient, bytes);
  if (mode_ == Mode::ConnectTunnel && tunnel_head_.empty()) mode_ = Mode::HandedOver;
}

std::string HttpConnection::take_handover(Direction dir) { return std::exchange(handover_[static_cast<size_t>(dir)], {}); }

void HttpConnection::inspect_deferred(Direction side, EventSink& sink) {
  if (side == Direction::ToServer) session_->queue.inspect_deferred(sink);
}

void HttpConnection::finish(EventSink& sink) {
  session_->requests.finish(sink);
  session_->responses.finish(sink);
  session_->queue.log_all(sink);
}

}  // namespace rampart::proto::http1
