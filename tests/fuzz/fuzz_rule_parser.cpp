// Fuzzes the rule language front end: the input is the text of a rule file (several
// rules, continuation lines, comments), parsed with a small classification and
// reference table so that metadata keywords are exercised too.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "detect/rule_file_loader.hpp"

namespace {

rampart::detect::RuleContext make_context() {
  rampart::detect::RuleContext context;
  context.classifications = {{"trojan-activity", {"A Network Trojan was detected", 1}},
                             {"bad-unknown", {"Potentially Bad Traffic", 2}}};
  context.references = {{"url", "http://"}, {"cve", "http://cve.mitre.org/cgi-bin/cvename.cgi?name="}};
  return context;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const rampart::detect::RuleContext context = make_context();
  rampart::detect::LoadedRules rules;
  rampart::detect::load_rule_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz.rules", context, rules);
  return 0;
}
