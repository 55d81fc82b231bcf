#pragma once
// The fields Suricata logs from an X.509 certificate, decoded with OpenSSL.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace rampart::proto::tls {

struct CertificateInfo {
  std::string subject, issuer;    // "C=US, O=Example, CN=example.com"
  std::string serial;             // the DER integer's bytes, "00:97:E6:..."
  std::string fingerprint;        // SHA-1 of the DER, "3a:0b:..."
  std::string not_before, not_after;  // "2024-01-02T03:04:05"
  std::vector<std::string> subject_alt_names;  // DNS names
};

// False when the bytes are not a DER certificate. The same certificates come back on
// flow after flow (ET Open bench: 6,326 TLS sessions, 84 server certificates) and
// OpenSSL decodes the public key of each, so every thread keeps the last
// kCachedCertificates decoded ones, found by their bytes.
inline constexpr size_t kCachedCertificates = 32;
bool decode_certificate(std::span<const uint8_t> der, CertificateInfo& out);

}  // namespace rampart::proto::tls
