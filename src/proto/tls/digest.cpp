#include "proto/tls/digest.hpp"

#include <openssl/evp.h>

namespace rampart::proto::tls {

namespace {

std::string digest_hex(const EVP_MD* md, std::string_view text) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), out, &length, md, nullptr) != 1) return {};
  return hex(std::span<const unsigned char>(out, length), false, '\0');
}

}  // namespace

std::string md5_hex(std::string_view text) { return digest_hex(EVP_md5(), text); }
std::string sha256_hex(std::string_view text) { return digest_hex(EVP_sha256(), text); }

std::string hex(std::span<const unsigned char> bytes, bool upper, char separator) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 3);
  for (unsigned char b : bytes) {
    if (separator != '\0' && !out.empty()) out += separator;
    out += digits[b >> 4];
    out += digits[b & 0xF];
  }
  return out;
}

}  // namespace rampart::proto::tls
