#pragma once
// threshold.config, Suricata's global thresholds: one directive per line (a
// trailing backslash continues it, '#' starts a comment):
//   threshold|event_filter gen_id G, sig_id S, type limit|threshold|both,
//       track by_src|by_dst|by_rule|by_both|by_flow, count N, seconds T
//   suppress gen_id G, sig_id S[, track by_src|by_dst|by_either, ip ADDR|[list]|$VAR]
//   rate_filter gen_id G, sig_id S, track by_src|by_dst|by_rule|by_both, count N,
//       seconds T, new_action alert|drop|pass|reject, timeout T
// gen_id 0 and sig_id 0 match every rule. A bad line is reported with file:line and
// skipped. Applied to the signatures before the rule set is built, as Suricata does:
// a threshold for one sid replaces the rule's threshold or detection_filter; one
// for sid 0 only reaches rules without either; suppressions and rate filters are
// attached as the rule's AlertFilters.
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "detect/alert_filter.hpp"
#include "detect/signature.hpp"
#include "detect/variables.hpp"

namespace rampart::detect {

struct ThresholdDirective {
  enum class Kind : uint8_t { Threshold, Suppress, RateFilter };
  Kind kind = Kind::Threshold;
  uint32_t gid = 0, sid = 0;  // 0: any
  size_t line = 0;
  Threshold threshold;      // Kind::Threshold
  Suppression suppression;  // Kind::Suppress
  RateFilter rate_filter;   // Kind::RateFilter
};

struct ThresholdConfigError {
  std::string file;
  size_t line = 0;
  std::string message;
};

struct ThresholdConfig {
  std::string file;
  std::vector<ThresholdDirective> directives;
  std::vector<ThresholdConfigError> errors;  // lines that were skipped
};

// Parses the text of a threshold.config (named file in the errors); $VARs of ip
// lists come from variables.
ThresholdConfig parse_threshold_config(std::string_view text, const std::string& file, const RuleVariables& variables);

// Reads and parses a file; fails only when it cannot be read.
std::expected<ThresholdConfig, std::string> load_threshold_config(const std::string& path,
                                                                  const RuleVariables& variables);

struct ThresholdConfigUse {
  size_t thresholds_set = 0;   // rules whose threshold came from the file
  size_t suppressions = 0;     // (rule, suppression) pairs attached
  size_t rate_filters = 0;     // rules given a rate_filter
  std::vector<size_t> unmatched_lines;  // lines of directives naming no loaded rule
};

// Applies the directives to the signatures (see the header comment).
ThresholdConfigUse apply_threshold_config(const ThresholdConfig& config, std::vector<Signature>& signatures);

}  // namespace rampart::detect
