#pragma once
// Client and server fingerprints of a TLS handshake: JA3 and JA3S (Salesforce;
// decimal fields, MD5 of the string) and JA4 (FoxIO's TLS client fingerprint),
// plus the version names Suricata logs.
#include <cstdint>
#include <string>

#include "proto/tls/tls_hello.hpp"

namespace rampart::proto::tls {

struct Ja3 {
  std::string text, hash;
};

// "SSLVersion,Ciphers,Extensions,EllipticCurves,EllipticCurvePointFormats".
Ja3 ja3(const ClientHello& hello);
// "SSLVersion,Cipher,Extensions".
Ja3 ja3s(const ServerHello& hello);
// e.g. "t13d1516h2_8daaf6152771_e5627efa2ab1" (over TCP).
std::string ja4(const ClientHello& hello);

// Suricata's name for a protocol version: "TLS 1.2", "TLSv1", "TLS 1.3 draft-18", ...
std::string version_name(uint16_t version);

}  // namespace rampart::proto::tls
