#include "detect/ip_only_index.hpp"

namespace rampart::detect {

namespace {

// Number of IPv4 addresses a side covers; the v6 part counts by its interval count,
// which is what distinguishes a block list from "any" or $HOME_NET there.
uint64_t coverage(const AddressSet& side) {
  uint64_t n = 0;
  for (const auto& i : side.v4.intervals()) n += uint64_t{i.last} - i.first + 1;
  return n;
}

}  // namespace

uint32_t ipv4_value(const IpAddress& a) {
  const auto& b = a.bytes();
  return uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
}

Uint128 ipv6_value(const IpAddress& a) {
  const auto& b = a.bytes();
  Uint128 v;
  for (int i = 0; i < 8; ++i) v.high = v.high << 8 | b[static_cast<size_t>(i)];
  for (int i = 8; i < 16; ++i) v.low = v.low << 8 | b[static_cast<size_t>(i)];
  return v;
}

void IpOnlyIndex::add(uint32_t rule, const AddressSet& source, const AddressSet& destination, bool bidirectional) {
  ++rules_;
  bool by_source = !source.is_any() && (destination.is_any() || coverage(source) <= coverage(destination));
  const AddressSet& side = by_source ? source : destination;
  (by_source ? by_source_ : by_destination_).add(rule, side);
  if (bidirectional) (by_source ? by_destination_ : by_source_).add(rule, side);
}

void IpOnlyIndex::build() {
  by_source_.build();
  by_destination_.build();
}

void IpOnlyIndex::SideIndex::add(uint32_t rule, const AddressSet& side) {
  v4.add(side.v4, rule);
  v6.add(side.v6, rule);
}

void IpOnlyIndex::SideIndex::build() {
  v4.build();
  v6.build();
}

}  // namespace rampart::detect
