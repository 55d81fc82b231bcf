#include "integration/test_certificate.hpp"

#include <cstdlib>

namespace rampart::testing {

TestCertificate make_self_signed_certificate(const std::filesystem::path& dir, const std::string& stem) {
  TestCertificate out{dir / (stem + ".crt"), dir / (stem + ".key")};
  std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 "
                    "-addext subjectAltName=IP:127.0.0.1,DNS:localhost -keyout '" + out.key.string() + "' -out '" +
                    out.certificate.string() + "' 2>/dev/null";
  if (std::system(cmd.c_str()) != 0) return {};
  return out;
}

}  // namespace rampart::testing
