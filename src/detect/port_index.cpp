#include "detect/port_index.hpp"

#include <algorithm>

namespace rampart::detect {

namespace {

uint32_t port_count(const PortSet& side) {
  uint32_t n = 0;
  for (const auto& i : side.ports.intervals()) n += uint32_t{i.last} - i.first + 1u;
  return n;
}

}  // namespace

void PortIndex::add(uint32_t rule, const PortSet& first, const PortSet& second, bool bidirectional) {
  rules_.push_back(rule);
  bool by_first = !first.is_any() && (second.is_any() || port_count(first) <= port_count(second));
  const PortSet& side = by_first ? first : second;
  (by_first ? by_first_ : by_second_).add(side.ports, rule);
  if (bidirectional) (by_first ? by_second_ : by_first_).add(side.ports, rule);
}

void PortIndex::build() {
  by_first_.build();
  by_second_.build();
  std::sort(rules_.begin(), rules_.end());
  rules_.erase(std::unique(rules_.begin(), rules_.end()), rules_.end());
}

}  // namespace rampart::detect
