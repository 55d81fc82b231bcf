#pragma once
// Loads rule files: one rule per line (a trailing backslash continues it on the next
// line), '#' comments. A rule that fails is reported with file:line and skipped; the
// others load. Commented-out rules are counted as disabled.
#include <string>
#include <vector>

#include "detect/rule_context.hpp"
#include "detect/rule_error.hpp"
#include "detect/rule_parser.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

struct RuleFailure {
  RuleError error;  // file and line set
  uint32_t sid = 0;  // 0 when the rule text has none
};

struct RuleSkip {
  std::string file;
  size_t line = 0;
  SkippedRule rule;
};

struct LoadedRules {
  std::vector<Signature> signatures;
  std::vector<RuleFailure> failures;
  std::vector<RuleSkip> skipped;
  std::vector<std::string> unreadable_files;
  size_t files_read = 0;
  size_t rules_enabled = 0;  // rules not commented out: loaded + failed + skipped
  size_t rules_disabled = 0;  // commented-out rules
};

// Loads every rule of one file into rules; false when the file cannot be read.
bool load_rule_file(const std::string& path, const RuleContext& context, LoadedRules& rules);

// A configuration file (classification.config, reference.config) shipped with a
// rule file: next to it or one folder up; "" when there is none.
std::string find_config_beside(const std::string& rule_file, const char* name);

// Loads the rules of a text held in memory, as if it were the file named name.
void load_rule_text(std::string_view text, const std::string& name, const RuleContext& context, LoadedRules& rules);

}  // namespace rampart::detect
