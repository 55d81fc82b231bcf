#pragma once
// The "tls" object of an EVE record in Suricata 8's extended layout, and the
// session's rule buffers (tls.sni, tls.cert_*, ja3/ja3s/ja4 ...) in the same text
// forms. Fingerprints are computed into this object when asked for: a returned
// view stays valid until the next buffer() call on it.
#include <string>

#include "proto/app_parser.hpp"
#include "proto/tls/tls_session.hpp"

namespace rampart::proto::tls {

class TlsFields final : public EveFields {
 public:
  explicit TlsFields(const TlsSession& session) : session_(session) {}
  void write(JsonWriter& w) const override;
  // With the configured custom certificate fields.
  void write_with(JsonWriter& w, const RecordOptions& options) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;
  // Seen from the client's side: its certificate (tls.cert_*), its ALPN offer and
  // its hello's version (ssl_version); from the server's: the server's.
  bool two_sided() const override { return true; }
  std::optional<std::span<const uint8_t>> side_buffer(std::string_view name, size_t index,
                                                      Direction side) const override;

 private:
  void write_record(JsonWriter& w, const TlsLogOptions& options) const;

  const TlsSession& session_;
  mutable std::string built_;  // the last fingerprint buffer() computed
};

}  // namespace rampart::proto::tls
