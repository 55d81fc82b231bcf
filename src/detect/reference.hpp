#pragma once
// reference.config: `config reference: system url_prefix`.
#include <map>
#include <string>

#include "detect/rule_error.hpp"

namespace rampart::detect {

using ReferenceTable = std::map<std::string, std::string, std::less<>>;  // system -> URL prefix

RuleResult<ReferenceTable> load_reference_config(const std::string& path);

}  // namespace rampart::detect
