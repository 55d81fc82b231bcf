#pragma once
// Rules whose only condition is their address lists (ET's CINS, DROP, TOR and
// compromised-host lists: thousands of addresses each) compiled into one lookup:
// the addresses of every rule's narrower side are cut into disjoint ranges, each
// naming the rules that cover it, so one binary search per packet side finds the
// candidates instead of testing each rule's list in turn.
#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "common/ip_address.hpp"
#include "detect/address_set.hpp"

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
  // Disjoint ranges per address family; ranges [starts[i], starts[i+1]) own
  // rules[offsets[i] .. offsets[i+1]).
  template <typename T>
  struct RangeMap {
    std::vector<std::pair<Interval<T>, uint32_t>> pending;  // until build()
    std::vector<T> starts;
    std::vector<uint32_t> offsets;
    std::vector<uint32_t> rules;
    void build();
    template <typename OnRule>
    void find(T value, OnRule& on_rule) const {
      auto it = std::upper_bound(starts.begin(), starts.end(), value);
      if (it == starts.begin()) return;
      size_t i = static_cast<size_t>(it - starts.begin()) - 1;
      for (uint32_t k = offsets[i]; k < offsets[i + 1]; ++k) on_rule(rules[k]);
    }
  };
  struct SideIndex {
    RangeMap<uint32_t> v4;
    RangeMap<Uint128> v6;
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
