#pragma once
// Rules without a prefilter whose header names ports, indexed by those ports within
// their rule group: a packet to port 80 is not checked against a rule for port 53,
// nor one from port 53 against a rule from port 80. A rule is indexed by whichever of its port sides
// covers fewer ports; a bidirectional rule's side in both roles. Rules whose two
// sides are "any" do not belong here. Packets without ports (ICMP, other IP
// protocols) need no lookup: a rule with ports never matches them.
#include <cstdint>
#include <vector>

#include "detect/port_set.hpp"
#include "detect/range_index.hpp"

namespace rampart::detect {

// Whether packets of this IP protocol carry ports (TCP, UDP, SCTP).
inline bool protocol_has_ports(uint8_t ip_proto) { return ip_proto == 6 || ip_proto == 17 || ip_proto == 132; }

class PortIndex {
 public:
  // first: the ports of the packet's source side, or of a transaction's client side;
  // second: the other side.
  void add(uint32_t rule, const PortSet& first, const PortSet& second, bool bidirectional);
  void build();

  // The rules indexed, sorted.
  const std::vector<uint32_t>& rules() const { return rules_; }
  // Calls on_rule(rule) for each rule whose indexed side holds the port in its role
  // (the rule still has to be verified in full); a rule may repeat.
  template <typename OnRule>
  void candidates(uint16_t first_port, uint16_t second_port, OnRule&& on_rule) const {
    by_first_.find(first_port, on_rule);
    by_second_.find(second_port, on_rule);
  }

 private:
  RangeIndex<uint16_t> by_first_, by_second_;
  std::vector<uint32_t> rules_;
};

}  // namespace rampart::detect
