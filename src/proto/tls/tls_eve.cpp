#include "proto/tls/tls_eve.hpp"

#include <algorithm>

#include "common/byte_text.hpp"
#include "proto/tls/tls_fingerprint.hpp"

namespace rampart::proto::tls {

namespace {

void write_names(JsonWriter& w, std::string_view key, const std::vector<std::string>& names) {
  if (names.empty()) return;
  w.begin_array(key);
  for (const std::string& name : names) w.element(name);
  w.end_array();
}

void write_identity(JsonWriter& w, const CertificateInfo& cert) {
  w.field("subject", cert.subject).field("issuerdn", cert.issuer);
  write_names(w, "subjectaltname", cert.subject_alt_names);
}

void write_validity(JsonWriter& w, const CertificateInfo& cert) {
  if (!cert.not_before.empty()) w.plain_field("notbefore", cert.not_before);
  if (!cert.not_after.empty()) w.plain_field("notafter", cert.not_after);
}

void write_ja3(JsonWriter& w, std::string_view key, const Ja3& fingerprint) {
  w.begin_object(key).plain_field("hash", fingerprint.hash).plain_field("string", fingerprint.text).end_object();
}

uint16_t logged_version(const TlsSession& s) {
  if (s.server_hello) return s.server_hello->version;
  return s.client_hello ? s.client_hello->legacy_version : s.sslv2_hello_version;
}

// "certificate": the leaf's DER in base64, and/or "chain": every certificate's.
void write_certificates(JsonWriter& w, std::span<const uint8_t> chain, bool leaf, bool all) {
  std::string text;
  if (auto first = chain_certificate(chain, 0); leaf && first) {
    append_base64(text, *first);
    w.plain_field("certificate", text);
  }
  if (!all || !chain_certificate(chain, 0)) return;
  w.begin_array("chain");
  for (size_t i = 0; auto der = chain_certificate(chain, i); ++i) {
    text.clear();
    append_base64(text, *der);
    w.element(text);
  }
  w.end_array();
}

void write_client_certificate(JsonWriter& w, const TlsSession& s, const TlsLogOptions& options) {
  const CertificateInfo& cert = *s.client_certificate;
  w.begin_object("client");
  write_identity(w, cert);
  w.plain_field("serial", cert.serial).plain_field("fingerprint", cert.fingerprint);
  write_validity(w, cert);
  write_certificates(w, s.client_chain, options.client_certificate, options.client_chain);
  w.end_object();
}

// Suricata's handshake parameters leave out GREASE values; empty lists are not logged.
void write_numbers(JsonWriter& w, std::string_view key, const std::vector<uint16_t>& values) {
  if (std::all_of(values.begin(), values.end(), is_grease)) return;
  w.begin_array(key);
  for (uint16_t v : values)
    if (!is_grease(v)) w.element(uint64_t{v});
  w.end_array();
}

// The highest version the hello names, its legacy field or supported_versions.
uint16_t highest_version(uint16_t legacy, const std::vector<uint16_t>& supported) {
  uint16_t best = is_grease(legacy) ? 0 : legacy;
  for (uint16_t v : supported)
    if (!is_grease(v)) best = std::max(best, v);
  return best;
}

void write_handshakes(JsonWriter& w, const TlsSession& s, const TlsLogOptions& options) {
  if (options.client_handshake && s.client_hello) {
    const ClientHello& hello = *s.client_hello;
    w.begin_object("client_handshake");
    w.plain_field("version", version_name(highest_version(hello.legacy_version, hello.supported_versions)));
    write_numbers(w, "ciphers", hello.ciphers);
    write_numbers(w, "exts", hello.extensions);
    write_numbers(w, "sig_algs", hello.signature_algorithms);
    w.end_object();
  }
  if (options.server_handshake && s.server_hello) {
    const ServerHello& hello = *s.server_hello;
    w.begin_object("server_handshake");
    w.plain_field("version", version_name(hello.version));
    w.field("cipher", uint64_t{hello.cipher});
    write_numbers(w, "exts", hello.extensions);
    w.end_object();
  }
}

}  // namespace

void TlsFields::write(JsonWriter& w) const { write_record(w, {}); }

void TlsFields::write_with(JsonWriter& w, const RecordOptions& options) const { write_record(w, options.tls); }

void TlsFields::write_record(JsonWriter& w, const TlsLogOptions& options) const {
  const TlsSession& s = session_;
  w.begin_object("tls");
  if (s.server_certificate) write_identity(w, *s.server_certificate);
  if (s.session_resumed) w.field("session_resumed", true);
  if (s.server_certificate) {
    w.plain_field("serial", s.server_certificate->serial).plain_field("fingerprint", s.server_certificate->fingerprint);
  }
  if (s.client_hello && s.client_hello->has_sni && !s.client_hello->sni.empty()) w.field("sni", s.client_hello->sni);
  uint16_t version = logged_version(s);
  w.plain_field("version", version == 0 ? "UNDETERMINED" : version_name(version));
  if (s.server_certificate) write_validity(w, *s.server_certificate);
  write_certificates(w, s.server_chain, options.certificate, options.chain);
  if (s.client_hello) write_ja3(w, "ja3", ja3(*s.client_hello));
  if (s.server_hello) write_ja3(w, "ja3s", ja3s(*s.server_hello));
  if (s.client_certificate) write_client_certificate(w, s, options);
  if (s.client_hello) w.plain_field("ja4", ja4(*s.client_hello));
  if (s.client_hello) write_names(w, "client_alpns", s.client_hello->alpns);
  if (s.server_hello) write_names(w, "server_alpns", s.server_hello->alpns);
  write_handshakes(w, s, options);
  w.end_object();
}

}  // namespace rampart::proto::tls
