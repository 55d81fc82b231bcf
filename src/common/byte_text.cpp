#include "common/byte_text.hpp"

#include <openssl/evp.h>

#include <cctype>

namespace rampart {

void append_base64(std::string& out, std::span<const uint8_t> bytes) {
  size_t start = out.size();
  out.resize(start + 4 * ((bytes.size() + 2) / 3) + 1);
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + start), bytes.data(), static_cast<int>(bytes.size()));
  out.resize(start + static_cast<size_t>(n));
}

void append_printable(std::string& out, std::span<const uint8_t> bytes) {
  out.reserve(out.size() + bytes.size());
  for (uint8_t b : bytes) out += std::isprint(b) != 0 || b == '\n' || b == '\r' ? static_cast<char>(b) : '.';
}

}  // namespace rampart
