#pragma once
// Shared by the detect tests: a rule context with a few classifications and reference
// systems, and helpers that parse a rule or the options of an "alert tcp any" rule.
#include <gtest/gtest.h>

#include <string>

#include "detect/rule_parser.hpp"

namespace rampart::detect::testing {

inline RuleContext test_context() {
  RuleContext context;
  context.classifications = {{"trojan-activity", {"A Network Trojan was detected", 1}},
                             {"bad-unknown", {"Potentially Bad Traffic", 2}},
                             {"misc-activity", {"Misc activity", 3}}};
  context.classifications_configured = true;
  context.references = {{"url", "http://"}, {"cve", "http://cve.mitre.org/cgi-bin/cvename.cgi?name="}};
  return context;
}

inline RuleResult<Signature> parse(const std::string& rule) {
  static const RuleContext context = test_context();
  return parse_signature(rule, context);
}

// Parses "alert tcp any any -> any any (OPTIONS sid:1;)".
inline RuleResult<Signature> parse_options(const std::string& options) {
  return parse("alert tcp any any -> any any (" + options + " sid:1;)");
}

template <typename T>
const T& match_at(const Signature& sig, std::string_view buffer, size_t index) {
  const auto* inspection = sig.inspection(buffer);
  EXPECT_NE(inspection, nullptr) << "no inspection of " << buffer;
  return std::get<T>(inspection->matches.at(index));
}

}  // namespace rampart::detect::testing
