#include "intel/cidr.hpp"

#include <arpa/inet.h>

#include <charconv>

namespace rampart::intel {

std::optional<Cidr> parse_cidr(std::string_view text, int family) {
  const size_t slash = text.find('/');
  const std::string address(text.substr(0, slash));
  Cidr cidr;
  if (family != 6 && inet_pton(AF_INET, address.c_str(), cidr.bytes.data()) == 1) {
    cidr.family = 4;
  } else if (family != 4 && inet_pton(AF_INET6, address.c_str(), cidr.bytes.data()) == 1) {
    cidr.family = 6;
  } else {
    return std::nullopt;
  }
  const int max_length = cidr.family == 4 ? 32 : 128;
  cidr.prefix_length = max_length;
  if (slash != std::string_view::npos) {
    std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3) return std::nullopt;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), cidr.prefix_length);
    if (ec != std::errc() || end != digits.data() + digits.size() || cidr.prefix_length > max_length) {
      return std::nullopt;
    }
  }
  for (int bit = cidr.prefix_length; bit < max_length; ++bit) {
    cidr.bytes[static_cast<size_t>(bit / 8)] &= static_cast<uint8_t>(~(0x80u >> (bit % 8)));
  }
  return cidr;
}

std::string Cidr::to_string() const {
  char text[INET6_ADDRSTRLEN] = {};
  inet_ntop(family == 4 ? AF_INET : AF_INET6, bytes.data(), text, sizeof text);
  return std::string(text) + "/" + std::to_string(prefix_length);
}

}  // namespace rampart::intel
