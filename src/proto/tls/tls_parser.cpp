#include "proto/tls/tls_parser.hpp"

#include <algorithm>

#include "proto/tls/byte_reader.hpp"
#include "proto/tls/tls_eve.hpp"
#include "proto/tls/tls_frames.hpp"

namespace rampart::proto::tls {

namespace {

bool known_handshake_type(uint8_t type) {
  // RFC 8446 B.3 and RFC 5246 7.4 (including DTLS's hello_verify_request,
  // NPN's next_protocol and TLS 1.3 drafts' end_of_early_data/key_update).
  static constexpr uint8_t kTypes[] = {0, 1, 2, 3, 4, 5, 6, 8, 11, 12, 13, 14, 15, 16, 20, 21, 22, 23, 24, 25, 67, 254};
  return std::find(std::begin(kTypes), std::end(kTypes), type) != std::end(kTypes);
}

// TLS 1.3 and its drafts encrypt everything after the ServerHello.
bool encrypts_after_server_hello(uint16_t version) { return version == 0x0304 || (version >> 8) == 0x7F; }

}  // namespace

bool TlsParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  Side& s = side(dir);
  const bool was_stopped = s.stopped;
  // Past the handshake the records are read on only for their frames.
  if (s.unframed || (was_stopped && !watching(s) && !sink.wants_frames())) return true;
  auto error = s.records.feed(bytes, [&](const Record& record) {
    report_record_frames(dir, record, frame_ids_, sink);
    if (!s.stopped) on_record(dir, record, sink);
    else if (watching(s) && record.type == ContentType::ApplicationData) on_application_data();
  });
  if (error.empty()) return true;
  if (was_stopped) {
    s.encrypted = false;  // encrypted bytes that do not frame as records: nothing more to watch
    s.unframed = true;
    return true;
  }
  sink.anomaly(error);
  return false;
}

void TlsParser::on_application_data() {
  // TLS 1.3 early data (RFC 8446 2.3) comes before the ServerHello: the handshake
  // is not done yet, as Suricata's parser judges.
  constexpr uint16_t kEarlyData = 42;
  const auto& hello = session_.client_hello;
  bool early_data_offered = hello && std::find(hello->extensions.begin(), hello->extensions.end(), kEarlyData) !=
                                         hello->extensions.end();
  if (early_data_offered && !session_.server_hello) return;
  application_data_ = true;
}

void TlsParser::on_record(Direction dir, const Record& record, EventSink& sink) {
  Side& s = side(dir);
  switch (record.type) {
    case ContentType::Handshake:
      if (!s.handshakes.feed(record.body, [&](uint8_t type, std::span<const uint8_t> body) {
            if (!s.stopped) on_handshake(dir, type, body, sink);
          })) {
        sink.anomaly("HANDSHAKE_INVALID_LENGTH");
        s.stopped = true;
      }
      break;
    case ContentType::ChangeCipherSpec: on_change_cipher_spec(dir); break;
    case ContentType::ApplicationData:
      s.handshake_done = true;
      s.stopped = true;
      s.encrypted = true;
      on_application_data();
      break;
    case ContentType::Heartbeat: sink.anomaly("HEARTBEAT_MESSAGE"); break;
    case ContentType::Alert: break;
    case ContentType::Sslv2: on_sslv2(dir, record); break;
  }
  log_when_done(sink);
}

void TlsParser::on_handshake(Direction dir, uint8_t type, std::span<const uint8_t> body, EventSink& sink) {
  if (!known_handshake_type(type)) {
    sink.anomaly("INVALID_HANDSHAKE_MESSAGE");
    return;
  }
  bool to_server = dir == Direction::ToServer;
  note_handshake_state(dir, static_cast<HandshakeType>(type));
  switch (static_cast<HandshakeType>(type)) {
    case HandshakeType::ClientHello:
      if (to_server) on_client_hello(body, sink);
      break;
    case HandshakeType::ServerHello:
      if (!to_server) on_server_hello(body, sink);
      break;
    case HandshakeType::Certificate: on_certificate(dir, body, sink); break;
    case HandshakeType::CertificateRequest:
      if (!to_server) certificate_requested_ = true;
      break;
    case HandshakeType::ServerHelloDone:
      if (!to_server) side(dir).handshake_done = true;
      break;
    case HandshakeType::ClientKeyExchange:
      if (to_server) side(dir).handshake_done = true;
      break;
    default: break;
  }
}

void TlsParser::note_handshake_state(Direction dir, HandshakeType type) {
  HandshakeState& state = session_.handshake_state[static_cast<size_t>(dir)];
  switch (type) {
    case HandshakeType::ClientHello: state = HandshakeState::ClientHello; break;
    case HandshakeType::ServerHello: state = HandshakeState::ServerHello; break;
    case HandshakeType::ClientKeyExchange: state = HandshakeState::ClientKeyExchange; break;
    case HandshakeType::ServerKeyExchange: state = HandshakeState::ServerKeyExchange; break;
    case HandshakeType::CertificateRequest:
      if (dir == Direction::ToClient) state = HandshakeState::None;
      break;
    default: break;
  }
}

void TlsParser::on_client_hello(std::span<const uint8_t> body, EventSink& sink) {
  if (session_.client_hello) return;  // a renegotiation's hello is not logged
  ClientHello hello;
  HelloEvents events;
  bool parsed = parse_client_hello(body, hello, events);
  for (std::string_view e : events.names) sink.anomaly(e);
  if (!parsed) {
    sink.anomaly("HANDSHAKE_INVALID_LENGTH");
    return;
  }
  session_.client_hello = std::move(hello);
}

void TlsParser::on_server_hello(std::span<const uint8_t> body, EventSink& sink) {
  if (session_.server_hello) return;
  ServerHello hello;
  if (!parse_server_hello(body, hello)) {
    sink.anomaly("HANDSHAKE_INVALID_LENGTH");
    return;
  }
  if (encrypts_after_server_hello(hello.version)) {
    Side& server = side(Direction::ToClient);
    server.handshake_done = true;
    server.stopped = true;
    server.encrypted = true;
  }
  session_.server_hello = std::move(hello);
}

void TlsParser::on_certificate(Direction dir, std::span<const uint8_t> body, EventSink& sink) {
  auto& slot = dir == Direction::ToClient ? session_.server_certificate : session_.client_certificate;
  if (slot) return;
  ByteReader message(body);
  std::span<const uint8_t> list = message.prefixed(3);
  ByteReader chain(list);
  if (!message.ok() || !message.empty()) {
    sink.anomaly("CERTIFICATE_INVALID_LENGTH");
    return;
  }
  if (chain.empty()) return;  // a client without a certificate
  (dir == Direction::ToClient ? session_.server_chain : session_.client_chain).assign(list.begin(), list.end());
  auto leaf = chain.prefixed(3);
  if (!chain.ok()) {
    sink.anomaly("CERTIFICATE_INVALID_LENGTH");
    return;
  }
  CertificateInfo info;
  if (!decode_certificate(leaf, info)) {
    sink.anomaly("INVALID_CERTIFICATE");
    return;
  }
  slot = std::move(info);
}

void TlsParser::on_change_cipher_spec(Direction dir) {
  Side& s = side(dir);
  // A server that switches to the new keys without sending its certificate
  // resumed an earlier session (RFC 5246 7.3, abbreviated handshake).
  if (dir == Direction::ToClient && session_.server_hello && !session_.server_certificate && !s.handshake_done)
    session_.session_resumed = true;
  s.handshake_done = true;
  s.stopped = true;
  s.encrypted = true;
}

void TlsParser::on_sslv2(Direction dir, const Record& record) {
  constexpr uint8_t kClientHello = 1, kClientMasterKey = 2, kServerHello = 4;
  if (record.body.empty()) return;
  HandshakeState& state = session_.handshake_state[static_cast<size_t>(dir)];
  switch (record.body[0]) {
    case kClientHello:
      state = HandshakeState::ClientHello;
      if (dir == Direction::ToServer) session_.sslv2_hello_version = record.version;
      break;
    case kClientMasterKey: state = HandshakeState::None; break;  // not one ssl_state names
    case kServerHello: state = HandshakeState::ServerHello; break;
    default: break;
  }
}

void TlsParser::log_when_done(EventSink& sink) {
  bool client_done = !certificate_requested_ || side(Direction::ToServer).handshake_done;
  if (!logged_ && client_done && side(Direction::ToClient).handshake_done) log(sink);
}

void TlsParser::log(EventSink& sink) {
  logged_ = true;
  sink.transaction("tls", 0, LogDirection::Flow, TlsFields(session_));
}

void TlsParser::gap(Direction dir, uint32_t, EventSink&) {
  side(dir).stopped = true;
  side(dir).encrypted = false;  // records no longer frame after lost bytes
  side(dir).unframed = true;
}

void TlsParser::finish(EventSink& sink) {
  if (!logged_ && (session_.client_hello || session_.server_hello || session_.sslv2_hello_version != 0)) log(sink);
}

std::unique_ptr<AppParser> make_tls_parser(bool) { return std::make_unique<TlsParser>(); }

}  // namespace rampart::proto::tls
