#pragma once
// What one TLS session's handshake revealed: the hellos and the certificates,
// as logged in its EVE "tls" record.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "proto/tls/tls_certificate.hpp"
#include "proto/tls/tls_hello.hpp"

namespace rampart::proto::tls {

// The last handshake message of a side that ssl_state names, as Suricata's
// current_flags: other messages leave it, a certificate request clears it.
enum class HandshakeState : uint8_t { None, ClientHello, ServerHello, ClientKeyExchange, ServerKeyExchange };

struct TlsSession {
  std::optional<ClientHello> client_hello;
  uint16_t sslv2_hello_version = 0;  // of an SSLv2-framed ClientHello, which is not fingerprinted
  std::optional<ServerHello> server_hello;
  std::optional<CertificateInfo> server_certificate, client_certificate;
  // Each side's certificate_list as sent (3-byte length before each DER
  // certificate), for tls.certs and the logged chains; bounded by the handshake
  // message limit.
  std::vector<uint8_t> server_chain, client_chain;
  bool session_resumed = false;
  std::array<HandshakeState, 2> handshake_state{};  // per direction (to server, to client)
};

// The index-th DER certificate of a certificate_list (leaf first), if any.
std::optional<std::span<const uint8_t>> chain_certificate(std::span<const uint8_t> chain, size_t index);

}  // namespace rampart::proto::tls
