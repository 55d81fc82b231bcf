#include "center/incidents/asset_inventory.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <charconv>
#include <optional>

namespace rampart::center::incidents {

namespace {

struct Address {
  std::array<uint8_t, 16> bytes{};
  bool v6 = false;
};

std::optional<Address> parse_address(std::string_view text) {
  std::string owned(text);
  Address address;
  if (inet_pton(AF_INET, owned.c_str(), address.bytes.data()) == 1) return address;
  address.v6 = true;
  if (inet_pton(AF_INET6, owned.c_str(), address.bytes.data()) == 1) return address;
  return std::nullopt;
}

bool prefix_matches(const std::array<uint8_t, 16>& network, const std::array<uint8_t, 16>& address, unsigned length) {
  for (unsigned bit = 0; bit < length; ++bit) {
    unsigned mask = 0x80u >> (bit % 8);
    if ((network[bit / 8] & mask) != (address[bit / 8] & mask)) return false;
  }
  return true;
}

}  // namespace

std::expected<AssetInventory, std::string> AssetInventory::build(std::vector<Asset> assets) {
  AssetInventory inventory;
  for (const auto& asset : assets) {
    std::string_view text = asset.network;
    auto slash = text.find('/');
    auto address = parse_address(text.substr(0, slash));
    if (!address) return std::unexpected(fmt::format("asset \"{}\": not an IP address or CIDR", asset.network));
    unsigned max_length = address->v6 ? 128 : 32;
    unsigned length = max_length;
    if (slash != std::string_view::npos) {
      auto digits = text.substr(slash + 1);
      auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), length);
      if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || length > max_length)
        return std::unexpected(fmt::format("asset \"{}\": bad prefix length", asset.network));
    }
    if (asset.protection_level < 1 || asset.protection_level > 5)
      return std::unexpected(fmt::format("asset \"{}\": protection level must be 1..5", asset.network));
    inventory.prefixes_.push_back(Prefix{address->bytes, address->v6, length});
  }
  inventory.assets_ = std::move(assets);
  return inventory;
}

const Asset* AssetInventory::find(std::string_view text) const {
  auto address = parse_address(text);
  if (!address) return nullptr;
  const Asset* best = nullptr;
  unsigned best_length = 0;
  for (size_t i = 0; i < prefixes_.size(); ++i) {
    const auto& prefix = prefixes_[i];
    if (prefix.v6 != address->v6 || !prefix_matches(prefix.bytes, address->bytes, prefix.length)) continue;
    if (best == nullptr || prefix.length > best_length) {
      best = &assets_[i];
      best_length = prefix.length;
    }
  }
  return best;
}

}  // namespace rampart::center::incidents
