#pragma once
// Errors of the rule language are values: every parser returns RuleResult<T>.
#include <cstddef>
#include <expected>
#include <string>

namespace rampart::detect {

struct RuleError {
  // Stable text that groups failures in reports ("unsupported keyword asn1", "invalid pcre").
  std::string summary;
  // What exactly is wrong with this rule.
  std::string detail;
  // Where the rule starts; filled in by the rule file loader.
  std::string file;
  size_t line = 0;
};

template <typename T>
using RuleResult = std::expected<T, RuleError>;

inline std::unexpected<RuleError> rule_error(std::string summary, std::string detail) {
  return std::unexpected(RuleError{std::move(summary), std::move(detail), {}, 0});
}

// An error whose summary is "invalid KEYWORD": the keyword's value could not be parsed or validated.
inline std::unexpected<RuleError> invalid_value(std::string_view keyword, std::string detail) {
  return rule_error("invalid " + std::string(keyword), std::move(detail));
}

}  // namespace rampart::detect
