#pragma once
// Splits one rule's text into its seven header fields and its options. Option values
// are kept as written (escapes included) for the keyword parsers; an option ends at
// the first ';' that is not escaped by a backslash.
#include <string>
#include <string_view>
#include <vector>

#include "detect/rule_error.hpp"

namespace rampart::detect {

struct RuleOption {
  std::string_view name;
  std::string_view value;  // trimmed; empty when the option has no ':'
  bool has_value = false;
};

struct RuleTokens {
  std::string_view action;
  std::string_view protocol;
  std::string_view source;
  std::string_view source_ports;
  std::string_view direction;
  std::string_view destination;
  std::string_view destination_ports;
  std::vector<RuleOption> options;
};

// The returned views point into text.
RuleResult<RuleTokens> tokenize_rule(std::string_view text);

}  // namespace rampart::detect
