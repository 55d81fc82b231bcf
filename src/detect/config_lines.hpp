#pragma once
// Both classification.config and reference.config are lines of `config KIND: VALUE`.
#include <functional>
#include <string>
#include <string_view>

#include "detect/rule_error.hpp"

namespace rampart::detect {

// Calls on_value(value, line) for every `config KIND: value` line; other lines are ignored.
RuleResult<void> read_config_lines(const std::string& path, std::string_view kind,
                                   const std::function<RuleResult<void>(std::string_view, size_t)>& on_value);

}  // namespace rampart::detect
