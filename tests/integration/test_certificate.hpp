#pragma once
// Self-signed certificates for the TLS tests, made at test time by the openssl CLI:
// an RSA key and a certificate for CN=127.0.0.1 carrying IP:127.0.0.1 and DNS:localhost.
#include <filesystem>
#include <string>

namespace rampart::testing {

struct TestCertificate {
  std::filesystem::path certificate;  // STEM.crt
  std::filesystem::path key;          // STEM.key
};

// Empty paths when openssl failed.
TestCertificate make_self_signed_certificate(const std::filesystem::path& dir, const std::string& stem);

}  // namespace rampart::testing
