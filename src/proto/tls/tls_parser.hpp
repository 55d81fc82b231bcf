#pragma once
// The TLS application parser of one flow: follows the cleartext handshake of
// both directions (records, then handshake messages) and logs one "tls" record
// once the server has sent its part (and a client asked for its certificate
// has answered), or when the flow ends, as Suricata does. Parsing of a
// direction stops where its traffic becomes encrypted; its records are then only
// framed until the first application data record (encrypted()), or to the end while
// frames are wanted (proto/tls/tls_frames.hpp).
#include <array>
#include <memory>

#include "proto/app_parser.hpp"
#include "proto/tls/tls_session.hpp"
#include "proto/tls/tls_stream.hpp"

namespace rampart::proto::tls {

class TlsParser final : public AppParser {
 public:
  bool parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) override;
  void gap(Direction dir, uint32_t length, EventSink& sink) override;
  void finish(EventSink& sink) override;
  bool encrypted() const override { return application_data_; }

 private:
  struct Side {
    RecordStream records;
    HandshakeStream handshakes;
    bool handshake_done = false;  // this side sent what the record logs
    bool stopped = false;         // encrypted, lost or unparsable: ignore its bytes
    bool encrypted = false;       // stopped where encryption began: records still frame
    bool unframed = false;        // bytes lost or not records: nothing more is read
  };
  // An encrypted side's records are watched for application data until it comes.
  bool watching(const Side& s) const { return s.encrypted && !application_data_; }
  void on_application_data();

  void on_record(Direction dir, const Record& record, EventSink& sink);
  void on_handshake(Direction dir, uint8_t type, std::span<const uint8_t> body, EventSink& sink);
  void note_handshake_state(Direction dir, HandshakeType type);
  void on_client_hello(std::span<const uint8_t> body, EventSink& sink);
  void on_server_hello(std::span<const uint8_t> body, EventSink& sink);
  void on_certificate(Direction dir, std::span<const uint8_t> body, EventSink& sink);
  void on_change_cipher_spec(Direction dir);
  void on_sslv2(Direction dir, const Record& record);
  void log_when_done(EventSink& sink);
  void log(EventSink& sink);
  Side& side(Direction dir) { return sides_[static_cast<size_t>(dir)]; }

  std::array<Side, 2> sides_;
  TlsSession session_;
  bool certificate_requested_ = false;  // the client's certificate is awaited
  bool logged_ = false;
  bool application_data_ = false;  // an application data record seen (Suricata's HANDSHAKE_DONE)
  FrameIds frame_ids_;
};

std::unique_ptr<AppParser> make_tls_parser(bool over_tcp);

}  // namespace rampart::proto::tls
