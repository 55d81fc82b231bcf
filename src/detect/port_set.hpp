#pragma once
// The source or destination port field of a rule header, compiled into an interval set.
#include <string_view>

#include "detect/interval_set.hpp"
#include "detect/rule_error.hpp"
#include "detect/variables.hpp"

namespace rampart::detect {

struct PortSet {
  IntervalSet<uint16_t> ports;

  static PortSet full() { return {IntervalSet<uint16_t>::full()}; }
  bool is_any() const { return ports.is_full(); }
  bool empty() const { return ports.empty(); }
  bool contains(uint16_t port) const { return ports.contains(port); }
  PortSet complement() const { return {ports.complement()}; }
  PortSet united(const PortSet& o) const { return {ports.united(o.ports)}; }
  PortSet minus(const PortSet& o) const { return {ports.minus(o.ports)}; }
  bool operator==(const PortSet&) const = default;
};

// Parses "any", a port, "a:b", "a:", ":b", $VAR, "!x" and "[...]" groups.
RuleResult<PortSet> parse_port_set(std::string_view text, const RuleVariables& variables);

}  // namespace rampart::detect
