#pragma once
// Checks and resolutions that need the whole rule: a sid, protocol and direction
// consistent with the buffers, and the fast pattern choice.
#include "detect/rule_error.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

RuleResult<void> finish_signature(Signature& signature);

}  // namespace rampart::detect
