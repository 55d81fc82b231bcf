#pragma once
// The source or destination address field of a rule header, compiled into sorted
// interval sets per address family.
#include <string_view>

#include "detect/interval_set.hpp"
#include "detect/rule_error.hpp"
#include "detect/variables.hpp"

namespace rampart::detect {

struct AddressSet {
  IntervalSet<uint32_t> v4;
  IntervalSet<Uint128> v6;

  static AddressSet full() { return {IntervalSet<uint32_t>::full(), IntervalSet<Uint128>::full()}; }
  bool is_any() const { return v4.is_full() && v6.is_full(); }
  bool empty() const { return v4.empty() && v6.empty(); }
  AddressSet complement() const { return {v4.complement(), v6.complement()}; }
  AddressSet united(const AddressSet& o) const { return {v4.united(o.v4), v6.united(o.v6)}; }
  AddressSet minus(const AddressSet& o) const { return {v4.minus(o.v4), v6.minus(o.v6)}; }
  bool operator==(const AddressSet&) const = default;
};

// Parses "any", an address, CIDR block, "a-b" range, $VAR, "!x" and "[...]" groups.
// An expression that leaves no address at all is an error, as in Suricata.
RuleResult<AddressSet> parse_address_set(std::string_view text, const RuleVariables& variables);

}  // namespace rampart::detect
