#pragma once
// Loads rule files with their configuration (classification.config and
// reference.config beside the rules; address and port variables, datasets and
// IP reputation files from a YAML config) and compiles them into a RuleSet, keeping
// every rule that failed or that the engine cannot run, with the reason.
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "detect/pattern_cache.hpp"
#include "detect/rule_file_loader.hpp"
#include "detect/rule_set.hpp"
#include "detect/threshold_config.hpp"

namespace rampart::detect {

struct RuleSetLoad {
  std::shared_ptr<const RuleSet> rules;
  LoadedRules parsed;  // signatures moved into rules; failures and counts kept
  std::vector<InactiveRule> inactive;
  ThresholdConfig thresholds;  // the threshold file's directives and bad lines (empty without one)
  ThresholdConfigUse threshold_use;
  double parse_seconds = 0, compile_seconds = 0;
  PatternCacheStats cache;  // Vectorscan databases read from / written to the cache
};

struct RuleLoadOptions {
  std::string config_file;     // YAML: address/port variables, datasets, IP reputation ("" none)
  std::string threshold_file;  // threshold.config applied to the rules ("" none)
  std::string mpm_cache_dir;   // compiled Vectorscan databases are kept here ("" no cache)
  std::string data_dir;        // datasets' relative save/state files go here ("" beside the rule file)
};

// Rule files named directly, and the *.rules files of named directories (sorted
// by name); fails on a path that does not exist.
std::expected<std::vector<std::string>, std::string> expand_rule_paths(const std::vector<std::string>& paths);

// Fails only when a file cannot be read; a bad rule (or threshold file line) is
// reported in the result. A cache that cannot be read or written only costs a compile.
std::expected<RuleSetLoad, std::string> load_rule_set(const std::vector<std::string>& rule_files,
                                                      const RuleLoadOptions& options = {});

}  // namespace rampart::detect
