#include "detect/ip_only_index.hpp"

#include <algorithm>

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
  for (const auto& i : side.v4.intervals()) v4.pending.emplace_back(i, rule);
  for (const auto& i : side.v6.intervals()) v6.pending.emplace_back(i, rule);
}

void IpOnlyIndex::SideIndex::build() {
  v4.build();
  v6.build();
}

template <typename T>
void IpOnlyIndex::RangeMap<T>::build() {
  using Traits = IntervalTraits<T>;
  starts.clear();
  for (const auto& [interval, rule] : pending) {
    starts.push_back(interval.first);
    if (interval.last != Traits::max()) starts.push_back(Traits::next(interval.last));
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::vector<std::vector<uint32_t>> owners(starts.size());
  for (const auto& [interval, rule] : pending) {
    auto first = std::lower_bound(starts.begin(), starts.end(), interval.first) - starts.begin();
    auto end = interval.last == Traits::max()
                   ? static_cast<std::ptrdiff_t>(starts.size())
                   : std::lower_bound(starts.begin(), starts.end(), Traits::next(interval.last)) - starts.begin();
    for (auto k = first; k < end; ++k) owners[static_cast<size_t>(k)].push_back(rule);
  }
  offsets.assign(1, 0);
  rules.clear();
  for (auto& list : owners) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    rules.insert(rules.end(), list.begin(), list.end());
    offsets.push_back(static_cast<uint32_t>(rules.size()));
  }
  pending.clear();
  pending.shrink_to_fit();
}

}  // namespace rampart::detect
