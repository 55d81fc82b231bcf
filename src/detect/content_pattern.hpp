#pragma once
// Decodes a content value: optional leading '!', quotes, |hex| byte runs and the
// escapes \" \; \\ \: into the raw bytes to match.
#include <string>
#include <string_view>

#include "detect/rule_error.hpp"

namespace rampart::detect {

struct ContentPattern {
  std::string bytes;
  bool negated = false;
};

RuleResult<ContentPattern> decode_content_pattern(std::string_view keyword, std::string_view value);

}  // namespace rampart::detect
