#pragma once
// Pseudonyms for IPv4 and IPv6 addresses, deterministic under a secret key:
// - keyed: the bits after a kept prefix are replaced by HMAC-SHA256(key, address)
//   bits, so an address keeps its internal network and hides its host;
// - prefix-preserving: the Crypto-PAn construction (Xu, Fan, Ammar, Moon 2002) with
//   AES-128: two addresses sharing exactly their first n bits map to two pseudonyms
//   sharing exactly their first n bits.
// Both work on intel::Cidr values; a block's host bits stay cleared.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "intel/cidr.hpp"

namespace rampart::center::privacy {

// Key material: at least kMinimumKeyBytes bytes. Crypto-PAn uses the first 16 as
// the AES key and the next 16 as the pad seed; HMAC uses all of them.
inline constexpr size_t kMinimumKeyBytes = 32;

// The address with the bits from kept_prefix on replaced by keyed HMAC bits.
intel::Cidr keyed_pseudonym(const intel::Cidr& address, int kept_prefix, std::string_view key);

class PrefixPreservingPseudonymiser {
 public:
  // key holds at least kMinimumKeyBytes bytes.
  explicit PrefixPreservingPseudonymiser(std::string_view key);

  intel::Cidr pseudonymise(const intel::Cidr& address) const;

 private:
  std::array<uint8_t, 16> aes_key_{};
  std::array<uint8_t, 16> pad_{};
};

}  // namespace rampart::center::privacy
