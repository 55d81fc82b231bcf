#pragma once
// An IPv4 or IPv6 address block, parsed from "a.b.c.d", "a.b.c.d/n", "2001:db8::1" or
// "2001:db8::/32". The canonical text clears the host bits and always carries the
// prefix length, with IPv6 in RFC 5952 compressed form: "10.0.0.0/8", "2001:db8::/32".
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rampart::intel {

struct Cidr {
  int family = 4;  // 4 or 6
  std::array<uint8_t, 16> bytes{};
  int prefix_length = 32;

  std::string to_string() const;
};

// family 4 or 6 restricts the accepted family; 0 accepts both.
std::optional<Cidr> parse_cidr(std::string_view text, int family = 0);

}  // namespace rampart::intel
