#pragma once
// The protected assets: networks (an address or CIDR, IPv4 or IPv6) with their
// organisation, sector, critical-infrastructure designation and protection level
// (1..5). An address is looked up by longest prefix; bad networks are rejected when
// the inventory is built, with the offending text in the error.
#include <array>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::center::incidents {

struct Asset {
  std::string network;  // "10.1.0.0/16", "192.0.2.7", "2001:db8::/32"
  std::string organisation;
  std::string sector;
  bool critical_infrastructure = false;
  int protection_level = 1;
};

class AssetInventory {
 public:
  static std::expected<AssetInventory, std::string> build(std::vector<Asset> assets);

  // The most specific asset containing address, or nullptr (also for text that is no address).
  const Asset* find(std::string_view address) const;
  const std::vector<Asset>& assets() const { return assets_; }

 private:
  struct Prefix {
    std::array<uint8_t, 16> bytes{};
    bool v6 = false;
    unsigned length = 0;
  };
  std::vector<Asset> assets_;
  std::vector<Prefix> prefixes_;  // parallel to assets_
};

}  // namespace rampart::center::incidents
