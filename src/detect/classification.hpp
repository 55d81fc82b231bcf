#pragma once
// classification.config: `config classification: shortname,description,priority`.
#include <map>
#include <string>

#include "detect/rule_error.hpp"

namespace rampart::detect {

struct Classification {
  std::string description;
  int priority = 3;
};

using ClassificationTable = std::map<std::string, Classification, std::less<>>;

RuleResult<ClassificationTable> load_classification_config(const std::string& path);

// The classification.config Suricata and Emerging Threats ship, which rules use
// when no file is configured or found beside them.
const ClassificationTable& standard_classifications();

}  // namespace rampart::detect
