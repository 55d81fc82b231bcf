#pragma once
// The rule header: action, protocol, addresses, ports and direction.
#include "detect/rule_context.hpp"
#include "detect/rule_error.hpp"
#include "detect/rule_lexer.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

RuleResult<RuleHeader> parse_rule_header(const RuleTokens& tokens, const RuleVariables& variables);

}  // namespace rampart::detect
