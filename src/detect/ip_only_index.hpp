#pragma once
// Rules whose only condition is their address lists (ET's CINS, DROP, TOR and
// compromised-host lists: thousands of addresses each) compiled into one lookup:
// the addresses of every rule's narrower side are cut into disjoint ranges, each
// naming the rules that cover it, so one binary search per packet side finds the
// candidates instead of testing each rule's list in turn.
#include <cstdint>

#include "common/ip_address.hpp"
#include "detect/address_set.hpp"
#include "detect/range_index.hpp"

namespace rampart::detect {

class IpOnlyIndex {
 public:
  // Indexes rule by whichever side covers fewer addresses; a bidirectional rule's
  // side is indexed in both roles.
  void add(uint32_t rule, const AddressSet& source, const AddressSet& destination, bool bidirectional = false);
  void build();

  size_t rule_count() const { return rules_; }
  // Calls on_rule(rule) for every rule whose indexed side contains src or dst in
  // that role (the rule still has to be verified in full); a rule may repeat.
  template <typename OnRule>
  void candidates(const IpAddress& src, const IpAddress& dst, OnRule&& on_rule) const {
    by_source_.find(src, on_rule);
    by_destination_.find(dst, on_rule);
  }

 private:
  struct SideIndex {
    RangeIndex<uint32_t> v4;
    RangeIndex<Uint128> v6;
    void add(uint32_t rule, const AddressSet& side);
    void build();
    template <typename OnRule>
    void find(const IpAddress& a, OnRule& on_rule) const;
  };

  SideIndex by_source_, by_destination_;
  size_t rules_ = 0;
};

uint32_t ipv4_value(const IpAddress& a);
Uint128 ipv6_value(const IpAddress& a);

template <typename OnRule>
void IpOnlyIndex::SideIndex::find(const IpAddress& a, OnRule& on_rule) const {
  if (a.is_v4()) {
    v4.find(ipv4_value(a), on_rule);
  } else if (a.is_v6()) {
    v6.find(ipv6_value(a), on_rule);
  }
}

}  // namespace rampart::detect
