#pragma once
// The hello messages of a TLS handshake, decoded into what fingerprints and the
// EVE record need. Values are copied out of the message (a few hundred bytes)
// because the session logs them after the message buffer is gone.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::proto::tls {

// Handshake message types (RFC 8446 4, RFC 5246 7.4).
enum class HandshakeType : uint8_t {
  HelloRequest = 0,
  ClientHello = 1,
  ServerHello = 2,
  NewSessionTicket = 4,
  Certificate = 11,
  ServerKeyExchange = 12,
  CertificateRequest = 13,
  ServerHelloDone = 14,
  CertificateVerify = 15,
  ClientKeyExchange = 16,
  Finished = 20,
  CertificateStatus = 22,
};

// GREASE values (RFC 8701) are 0x?A?A with equal bytes; fingerprints drop them.
constexpr bool is_grease(uint16_t v) { return (v & 0x0F0F) == 0x0A0A && (v >> 8) == (v & 0xFF); }

// The 32 random bytes of a hello (tls.random; the first 4 are tls.random_time).
inline constexpr size_t kRandomSize = 32;
using HelloRandom = std::array<uint8_t, kRandomSize>;

struct ClientHello {
  uint16_t legacy_version = 0;
  HelloRandom random{};
  std::vector<uint8_t> session_id;
  std::vector<uint16_t> ciphers, extensions, groups, signature_algorithms, supported_versions;
  std::vector<uint8_t> point_formats;
  bool has_sni = false;
  std::string sni;
  std::vector<std::string> alpns;
};

struct ServerHello {
  uint16_t legacy_version = 0;
  HelloRandom random{};
  uint16_t version = 0;  // supported_versions' choice (TLS 1.3), else legacy_version
  std::vector<uint8_t> session_id;
  uint16_t cipher = 0;
  std::vector<uint16_t> extensions;
  std::vector<std::string> alpns;
};

// Anomalies a hello can carry besides being truncated, as Suricata names them.
struct HelloEvents {
  std::vector<std::string_view> names;
};

// False when the body is truncated or its vectors overrun (HANDSHAKE_INVALID_LENGTH).
bool parse_client_hello(std::span<const uint8_t> body, ClientHello& out, HelloEvents& events);
bool parse_server_hello(std::span<const uint8_t> body, ServerHello& out);

}  // namespace rampart::proto::tls
