#pragma once
// Address and port variables ($HOME_NET, $HTTP_PORTS ...) that rule headers refer to.
// The defaults are those of Suricata's shipped suricata.yaml; a `vars:` map overrides them.
#include <map>
#include <string>
#include <string_view>

#include "detect/rule_error.hpp"

namespace rampart::detect {

struct RuleVariables {
  std::map<std::string, std::string, std::less<>> address_groups;
  std::map<std::string, std::string, std::less<>> port_groups;

  static RuleVariables suricata_defaults();

  const std::string* address(std::string_view name) const;
  const std::string* port(std::string_view name) const;
};

// Reads `vars: {address-groups: {...}, port-groups: {...}}` from a YAML file (a
// suricata.yaml or a file holding only that map) over the given variables.
RuleResult<void> load_variables_yaml(const std::string& path, RuleVariables& variables);

}  // namespace rampart::detect
