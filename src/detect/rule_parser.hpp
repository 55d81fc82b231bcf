#pragma once
// Parses one rule (Suricata 8 syntax, with Snort 2.9 compatibility) into a Signature.
#include <string_view>
#include <variant>

#include "detect/rule_context.hpp"
#include "detect/rule_error.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

// A valid rule whose `requires` this engine does not meet: not loaded, and not an error.
struct SkippedRule {
  uint32_t sid = 0;
  std::string reason;
};

using ParsedRule = std::variant<Signature, SkippedRule>;

RuleResult<ParsedRule> parse_rule(std::string_view text, const RuleContext& context);

// As parse_rule, for callers that want a signature only: a skipped rule is an error.
RuleResult<Signature> parse_signature(std::string_view text, const RuleContext& context);

}  // namespace rampart::detect
