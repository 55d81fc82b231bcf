// The rule buffers of a TLS session as Suricata 8 gives them, in the text forms
// of the EVE "tls" record: the client's SNI and fingerprints (ja3.*, ja4.hash),
// the server's fingerprints (ja3s.*), the fields of the server's leaf
// certificate (one value per subject alternative name) and each DER
// certificate of the server's chain (tls.certs), leaf first; the ALPN protocols
// offered by the client, then chosen by the server (tls.alpn); and a hello's
// random bytes, whole or its time (first 4) or bytes (last 28) part, for the
// client's (tls.random*.client) or the server's (tls.random*.server) hello.
// Seen from one side (side_buffer), the certificate fields, tls.alpn and the
// hello version named as ssl_version names it ("tls1.2") are that side's, and so
// is ssl_state's pseudo-buffer: the side's last handshake state ("none" before one).
#include "proto/tls/tls_eve.hpp"

#include <utility>

#include "proto/tls/byte_reader.hpp"
#include "proto/tls/tls_fingerprint.hpp"

namespace rampart::proto::tls {

namespace {

using Text = std::optional<std::string_view>;

Text unless_empty(std::string_view s) { return s.empty() ? Text() : Text(s); }

Text sni(const TlsSession& s) {
  if (!s.client_hello || !s.client_hello->has_sni) return std::nullopt;
  return unless_empty(s.client_hello->sni);
}

Text certificate_text(const TlsSession& s, std::string CertificateInfo::*member) {
  if (!s.server_certificate) return std::nullopt;
  return unless_empty((*s.server_certificate).*member);
}

Text subject_alt_name(const TlsSession& s, size_t index) {
  if (!s.server_certificate || index >= s.server_certificate->subject_alt_names.size()) return std::nullopt;
  return s.server_certificate->subject_alt_names[index];
}

// The named fingerprint of a hello the session has, computed into `out`.
Text fingerprint(const TlsSession& s, std::string_view name, std::string& out) {
  if (name == "ja4.hash") {
    if (!s.client_hello) return std::nullopt;
    out = ja4(*s.client_hello);
  } else if (name == "ja3.hash" || name == "ja3.string") {
    if (!s.client_hello) return std::nullopt;
    Ja3 print = ja3(*s.client_hello);
    out = name == "ja3.hash" ? std::move(print.hash) : std::move(print.text);
  } else if (name == "ja3s.hash" || name == "ja3s.string") {
    if (!s.server_hello) return std::nullopt;
    Ja3 print = ja3s(*s.server_hello);
    out = name == "ja3s.hash" ? std::move(print.hash) : std::move(print.text);
  } else {
    return std::nullopt;
  }
  return out;
}

Text alpn(const TlsSession& s, size_t index) {
  size_t offered = s.client_hello ? s.client_hello->alpns.size() : 0;
  if (index < offered) return s.client_hello->alpns[index];
  index -= offered;
  if (!s.server_hello || index >= s.server_hello->alpns.size()) return std::nullopt;
  return s.server_hello->alpns[index];
}

// tls.random, tls.random_time and tls.random_bytes, suffixed ".client" or ".server".
std::optional<std::span<const uint8_t>> hello_random(const TlsSession& s, std::string_view name) {
  const HelloRandom* random = nullptr;
  if (name.ends_with(".client") && s.client_hello) random = &s.client_hello->random;
  if (name.ends_with(".server") && s.server_hello) random = &s.server_hello->random;
  if (random == nullptr) return std::nullopt;
  constexpr size_t kTimeSize = 4;
  std::span<const uint8_t> whole(*random);
  if (name.starts_with("tls.random_time.")) return whole.first(kTimeSize);
  if (name.starts_with("tls.random_bytes.")) return whole.subspan(kTimeSize);
  return whole;
}

// ssl_version's names of the versions a hello can carry.
Text version_name(uint16_t version) {
  switch (version) {
    case 0x0200: return "sslv2";
    case 0x0300: return "sslv3";
    case 0x0301: return "tls1.0";
    case 0x0302: return "tls1.1";
    case 0x0303: return "tls1.2";
    case 0x0304: return "tls1.3";
    default: return std::nullopt;
  }
}

// One side's hello version: the client's as offered, the server's as chosen.
Text side_version(const TlsSession& s, Direction side) {
  if (side == Direction::ToClient) return s.server_hello ? version_name(s.server_hello->version) : std::nullopt;
  if (s.client_hello) return version_name(s.client_hello->legacy_version);
  return s.sslv2_hello_version != 0 ? version_name(s.sslv2_hello_version) : std::nullopt;
}

std::string_view state_name(HandshakeState state) {
  switch (state) {
    case HandshakeState::None: return "none";
    case HandshakeState::ClientHello: return "client_hello";
    case HandshakeState::ServerHello: return "server_hello";
    case HandshakeState::ClientKeyExchange: return "client_keyx";
    case HandshakeState::ServerKeyExchange: return "server_keyx";
  }
  return "none";
}

Text side_alpn(const TlsSession& s, size_t index, Direction side) {
  const std::vector<std::string>* alpns = nullptr;
  if (side == Direction::ToServer && s.client_hello) alpns = &s.client_hello->alpns;
  if (side == Direction::ToClient && s.server_hello) alpns = &s.server_hello->alpns;
  if (alpns == nullptr || index >= alpns->size()) return std::nullopt;
  return (*alpns)[index];
}

Text side_certificate_text(const TlsSession& s, std::string_view name, Direction side) {
  const auto& certificate = side == Direction::ToServer ? s.client_certificate : s.server_certificate;
  if (!certificate) return std::nullopt;
  if (name == "tls.cert_subject") return unless_empty(certificate->subject);
  if (name == "tls.cert_issuer") return unless_empty(certificate->issuer);
  if (name == "tls.cert_serial") return unless_empty(certificate->serial);
  return unless_empty(certificate->fingerprint);
}

bool is_certificate_text(std::string_view name) {
  return name == "tls.cert_subject" || name == "tls.cert_issuer" || name == "tls.cert_serial" ||
         name == "tls.cert_fingerprint";
}

Text session_buffer(const TlsSession& s, std::string_view name, size_t index, std::string& built) {
  if (name == "tls.subjectaltname") return subject_alt_name(s, index);
  if (name == "tls.alpn") return alpn(s, index);
  if (index != 0) return std::nullopt;
  if (name == "tls.sni") return sni(s);
  if (name == "tls.cert_subject") return certificate_text(s, &CertificateInfo::subject);
  if (name == "tls.cert_issuer") return certificate_text(s, &CertificateInfo::issuer);
  if (name == "tls.cert_serial") return certificate_text(s, &CertificateInfo::serial);
  if (name == "tls.cert_fingerprint") return certificate_text(s, &CertificateInfo::fingerprint);
  return fingerprint(s, name, built);
}

std::optional<std::span<const uint8_t>> bytes_of(Text value) {
  if (!value) return std::nullopt;
  return std::span(reinterpret_cast<const uint8_t*>(value->data()), value->size());
}

}  // namespace

std::optional<std::span<const uint8_t>> chain_certificate(std::span<const uint8_t> list, size_t index) {
  ByteReader chain(list);
  while (!chain.empty()) {
    std::span<const uint8_t> der = chain.prefixed(3);
    if (!chain.ok()) return std::nullopt;
    if (index == 0) return der;
    --index;
  }
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> TlsFields::buffer(std::string_view name, size_t index) const {
  if (name == "tls.certs") return chain_certificate(session_.server_chain, index);
  if (name.starts_with("tls.random")) return index == 0 ? hello_random(session_, name) : std::nullopt;
  return bytes_of(session_buffer(session_, name, index, built_));
}

std::optional<std::span<const uint8_t>> TlsFields::side_buffer(std::string_view name, size_t index,
                                                               Direction side) const {
  if (name == "tls.alpn") return bytes_of(side_alpn(session_, index, side));
  if (name == "ssl_version") return index == 0 ? bytes_of(side_version(session_, side)) : std::nullopt;
  if (name == "ssl_state")
    return index == 0 ? bytes_of(state_name(session_.handshake_state[static_cast<size_t>(side)])) : std::nullopt;
  if (is_certificate_text(name)) return index == 0 ? bytes_of(side_certificate_text(session_, name, side)) : std::nullopt;
  return buffer(name, index);
}

}  // namespace rampart::proto::tls
