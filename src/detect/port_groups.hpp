#pragma once
// Suricata's per-port signature group heads for the packet rules of one transport
// and direction, or the transaction rules of one application protocol. A packet is
// looked up by its group port: the destination port of a packet to the server, the
// source port of one to the client (the server's port either way); a transaction by
// its flow's server port. A rule is keyed by the same side of its header (both
// sides for "<>"): a rule on any port is in every group, a rule on ports only in the
// groups of those ports. Ports whose keyed rules are the same share one group. Past max_groups
// distinct sets, the set of the most ports, the sets of the preferred ports (the
// ports most traffic uses, in that order) and then those with most rules keep their
// own group, and the rest are joined into one group holding their union: still
// correct, as every candidate is verified in full, ports included.
#include <cstdint>
#include <span>
#include <vector>

#include "detect/port_set.hpp"

namespace rampart::detect {

struct PortKeyedRule {
  uint32_t rule = 0;
  PortSet ports;  // not "any"
};

// The rules of each group and the group of each port, looked up in one step.
class PortGroups {
 public:
  // One group without keyed rules, for every port.
  PortGroups() = default;
  static PortGroups plan(std::span<const PortKeyedRule> rules, size_t max_groups, std::span<const uint16_t> preferred);

  size_t size() const { return keyed_rules_.size(); }
  size_t group_of(uint16_t port) const { return group_of_port_.empty() ? 0 : group_of_port_[port]; }
  // The keyed rules of a group, sorted.
  const std::vector<uint32_t>& keyed_rules(size_t group) const { return keyed_rules_[group]; }
  // The ports of a group.
  PortSet ports(size_t group) const;

 private:
  // Sorts the groups' rules and fills the port table from the groups of the ranges
  // starting at starts (ending at the next start).
  void fill(const std::vector<uint32_t>& starts, const std::vector<uint16_t>& group_of_range);

  std::vector<std::vector<uint32_t>> keyed_rules_{{}};
  std::vector<uint16_t> group_of_port_;  // 65536 entries; empty with one group
};

}  // namespace rampart::detect
