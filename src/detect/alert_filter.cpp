#include "detect/alert_filter.hpp"

namespace rampart::detect {

bool address_in(const AddressSet& set, const IpAddress& address) {
  const auto& b = address.bytes();
  if (address.is_v4()) return set.v4.contains(uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3]);
  if (!address.is_v6()) return false;
  Uint128 v;
  for (size_t i = 0; i < 8; ++i) v.high = v.high << 8 | b[i];
  for (size_t i = 8; i < 16; ++i) v.low = v.low << 8 | b[i];
  return set.v6.contains(v);
}

bool is_suppressed(const AlertFilters& filters, const IpAddress& src, const IpAddress& dst) {
  for (const auto& s : filters.suppressions) {
    switch (s.track) {
      case SuppressTrack::All: return true;
      case SuppressTrack::Src:
        if (address_in(s.addresses, src)) return true;
        break;
      case SuppressTrack::Dst:
        if (address_in(s.addresses, dst)) return true;
        break;
      case SuppressTrack::Either:
        if (address_in(s.addresses, src) || address_in(s.addresses, dst)) return true;
        break;
    }
  }
  return false;
}

}  // namespace rampart::detect
