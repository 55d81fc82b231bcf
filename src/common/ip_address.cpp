#include "common/ip_address.hpp"

#include <arpa/inet.h>

#include <cstring>

namespace rampart {

IpAddress IpAddress::v4(const uint8_t* bytes) {
  IpAddress a;
  std::memcpy(a.bytes_.data(), bytes, 4);
  a.family_ = 4;
  return a;
}

IpAddress IpAddress::v6(const uint8_t* bytes) {
  IpAddress a;
  std::memcpy(a.bytes_.data(), bytes, 16);
  a.family_ = 6;
  return a;
}

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  std::string s(text);
  uint8_t buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return v4(buf);
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return v6(buf);
  return std::nullopt;
}

size_t IpAddress::format(char* out) const {
  if (family_ == 0) {
    out[0] = '\0';
    return 0;
  }
  if (family_ == 4) {
    // Hand-rolled: glibc's inet_ntop formats IPv4 through sprintf, slow on the output path.
    char* p = out;
    for (int i = 0; i < 4; ++i) {
      if (i > 0) *p++ = '.';
      uint8_t v = bytes_[i];
      if (v >= 100) *p++ = static_cast<char>('0' + v / 100);
      if (v >= 10) *p++ = static_cast<char>('0' + v / 10 % 10);
      *p++ = static_cast<char>('0' + v % 10);
    }
    *p = '\0';
    return static_cast<size_t>(p - out);
  }
  // Suricata writes IPv6 fully expanded (eight groups of four hex digits).
  static constexpr char kHex[] = "0123456789abcdef";
  char* p = out;
  for (int i = 0; i < 16; ++i) {
    if (i > 0 && i % 2 == 0) *p++ = ':';
    *p++ = kHex[bytes_[i] >> 4];
    *p++ = kHex[bytes_[i] & 0xf];
  }
  *p = '\0';
  return static_cast<size_t>(p - out);
}

std::string IpAddress::to_string() const {
  char buf[INET6_ADDRSTRLEN];
  return std::string(buf, format(buf));
}

}  // namespace rampart
