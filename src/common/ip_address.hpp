#pragma once
// An IPv4 or IPv6 address held by value (16 bytes; IPv4 uses the first 4), comparable
// and hashable, printed the way Suricata's EVE prints addresses.
#include <array>
#include <compare>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace rampart {

class IpAddress {
 public:
  IpAddress() = default;
  static IpAddress v4(const uint8_t* bytes);
  static IpAddress v6(const uint8_t* bytes);
  static std::optional<IpAddress> parse(std::string_view text);

  bool is_v4() const { return family_ == 4; }
  bool is_v6() const { return family_ == 6; }
  const std::array<uint8_t, 16>& bytes() const { return bytes_; }
  std::string to_string() const;
  // Writes the text form into out (at least 46 bytes); returns its length.
  size_t format(char* out) const;

  auto operator<=>(const IpAddress&) const = default;
  // As two word compares: the defaulted form calls memcmp, and flow lookups compare
  // addresses several times per packet.
  bool operator==(const IpAddress& o) const {
    uint64_t a[2], b[2];
    std::memcpy(a, bytes_.data(), sizeof a);
    std::memcpy(b, o.bytes_.data(), sizeof b);
    return family_ == o.family_ && a[0] == b[0] && a[1] == b[1];
  }

 private:
  std::array<uint8_t, 16> bytes_{};
  uint8_t family_ = 0;
};

}  // namespace rampart
