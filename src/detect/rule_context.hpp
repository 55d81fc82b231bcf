#pragma once
// What a rule is parsed against: variables, classification and reference tables,
// and the engine version `requires:` is checked against.
#include <string>

#include "detect/classification.hpp"
#include "detect/dataset_store.hpp"
#include "detect/reference.hpp"
#include "detect/variables.hpp"

namespace rampart::detect {

struct EngineVersion {
  int major = 8;
  int minor = 0;
  int patch = 0;
  auto operator<=>(const EngineVersion&) const = default;
};

struct RuleContext {
  RuleVariables variables = RuleVariables::suricata_defaults();
  ClassificationTable classifications = standard_classifications();
  bool classifications_configured = false;  // read from a file: unknown classtypes are errors
  ReferenceTable references;
  // The Suricata version whose rule language this engine speaks; no optional features.
  EngineVersion version;
  std::string data_dir;  // --data-dir: where datasets' save and state files go ("" beside the rule file)
  DatasetRulePolicy dataset_policy;  // config datasets.rules: which save/state paths rules may name
};

}  // namespace rampart::detect
