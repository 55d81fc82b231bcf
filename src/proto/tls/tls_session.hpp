#pragma once
// What one TLS session's handshake revealed: the hellos and the certificates,
// as logged in its EVE "tls" record.
#include <cstdint>
#include <optional>
#include <vector>

#include "proto/tls/tls_certificate.hpp"
#include "proto/tls/tls_hello.hpp"

namespace rampart::proto::tls {

struct TlsSession {
  std::optional<ClientHello> client_hello;
  uint16_t sslv2_hello_version = 0;  // of an SSLv2-framed ClientHello, which is not fingerprinted
  std::optional<ServerHello> server_hello;
  std::optional<CertificateInfo> server_certificate, client_certificate;
  // The server's certificate_list as sent (3-byte length before each DER
  // certificate), for tls.certs; bounded by the handshake message limit.
  std::vector<uint8_t> server_chain;
  bool session_resumed = false;
};

}  // namespace rampart::proto::tls
