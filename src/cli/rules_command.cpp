#include "cli/rules_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>

#include "detect/rule_file_loader.hpp"
#include "detect/rule_set.hpp"
#include "detect/rule_set_loader.hpp"
#include "detect/threshold_config.hpp"

namespace rampart::cli {

namespace {

struct RulesOptions {
  std::vector<std::string> files;
  bool strict = false;
  std::string classification_file;
  std::string reference_file;
  std::string vars_file;
  std::string threshold_file;
};

// An explicit file wins; else the one shipped next to the rules (or one folder up).
std::string find_config(const std::string& explicit_file, const std::vector<std::string>& rule_files, const char* name) {
  if (!explicit_file.empty() || rule_files.empty()) return explicit_file;
  return detect::find_config_beside(rule_files.front(), name);
}

std::vector<std::pair<std::string, size_t>> count_by_reason(const detect::LoadedRules& rules) {
  std::map<std::string, size_t> counts;
  for (const auto& failure : rules.failures) ++counts[failure.error.summary];
  for (const auto& skip : rules.skipped) ++counts["skipped: " + skip.rule.reason];
  std::vector<std::pair<std::string, size_t>> sorted(counts.begin(), counts.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  return sorted;
}

void print_report(const detect::LoadedRules& rules) {
  for (const auto& failure : rules.failures)
    fmt::print("{}:{}: sid {}: {}\n", failure.error.file, failure.error.line, failure.sid, failure.error.detail);
  for (const auto& skip : rules.skipped)
    fmt::print("{}:{}: sid {}: skipped: {}\n", skip.file, skip.line, skip.rule.sid, skip.rule.reason);
  size_t enabled = rules.rules_enabled;
  double percent = enabled == 0 ? 100.0 : 100.0 * static_cast<double>(rules.signatures.size()) / static_cast<double>(enabled);
  fmt::print("files: {}\nrules enabled: {}\nloaded: {} ({:.2f}%)\nfailed: {}\nskipped (requires): {}\ndisabled (commented): {}\n",
             rules.files_read, enabled, rules.signatures.size(), percent, rules.failures.size(), rules.skipped.size(),
             rules.rules_disabled);
  auto reasons = count_by_reason(rules);
  if (!reasons.empty()) fmt::print("failures by reason:\n");
  for (const auto& [reason, count] : reasons) fmt::print("  {:6} {}\n", count, reason);
}

// A port set as a rule writes it, cut short after a few ranges.
std::string port_list(const detect::PortSet& ports) {
  constexpr size_t kShown = 8;
  const auto& intervals = ports.ports.intervals();
  if (ports.is_any()) return "any";
  std::string out;
  for (size_t i = 0; i < intervals.size() && i < kShown; ++i) {
    const auto& range = intervals[i];
    if (!out.empty()) out += ',';
    out += range.first == range.last ? fmt::format("{}", range.first) : fmt::format("{}:{}", range.first, range.last);
  }
  if (intervals.size() > kShown) out += fmt::format(",... ({} ranges)", intervals.size());
  return out;
}

// The rules a group can make candidates, and the patterns of its databases.
std::pair<size_t, size_t> group_size(const detect::RuleGroup& group) {
  std::vector<uint32_t> rules(group.unfiltered.begin(), group.unfiltered.end());
  rules.insert(rules.end(), group.unfiltered_by_port.rules().begin(), group.unfiltered_by_port.rules().end());
  size_t patterns = 0;
  for (const auto& p : group.prefilters) {
    patterns += p.database->size();
    for (const auto& of_pattern : p.rules_of_pattern) rules.insert(rules.end(), of_pattern.begin(), of_pattern.end());
  }
  std::sort(rules.begin(), rules.end());
  return {static_cast<size_t>(std::unique(rules.begin(), rules.end()) - rules.begin()), patterns};
}

// One line per port group; label names what the groups are of.
void print_port_groups(const detect::PortRuleGroups& groups, std::string_view label) {
  for (size_t g = 0; g < groups.groups.size(); ++g) {
    auto [rules, patterns] = group_size(groups.groups[g]);
    if (rules == 0 && groups.groups.size() == 1) continue;
    fmt::print("  {} ports {}: {} rules, {} patterns\n", label, port_list(groups.ports.ports(g)), rules, patterns);
  }
}

// Packet rules per transport, direction and port group, transaction rules per
// application protocol and port group (the server's port).
void print_rule_groups(const detect::RuleSet& set) {
  fmt::print("packet rule groups (by the server's port):\n");
  for (size_t bucket = 0; bucket < detect::RuleSet::kTransportBuckets; ++bucket)
    for (bool to_client : {false, true})
      print_port_groups(set.packet_groups(bucket, to_client),
                        fmt::format("{} {}", detect::transport_bucket_name(bucket), to_client ? "to client" : "to server"));
  fmt::print("transaction rule groups (by the server's port):\n");
  for (const auto& [proto, groups] : set.transaction_groups())
    print_port_groups(groups, proto.empty() ? std::string("any protocol") : proto);
}

// What the engine makes of the rules that parsed: the ones it cannot run, and how
// the active ones are grouped for matching.
void print_engine_report(const detect::RuleSet& set, const std::vector<detect::InactiveRule>& inactive, size_t enabled,
                         double seconds) {
  std::map<std::string, size_t> by_reason;
  for (const auto& rule : inactive) {
    fmt::print("sid {}:{}: not active: {}\n", rule.gid, rule.sid, rule.reason);
    ++by_reason[rule.reason];
  }
  const auto& st = set.stats();
  double percent = enabled == 0 ? 100.0 : 100.0 * static_cast<double>(st.rules) / static_cast<double>(enabled);
  fmt::print("active in the engine: {} ({:.2f}% of enabled); not active: {}\n", st.rules, percent, inactive.size());
  fmt::print("  IP-only: {}, address-indexed: {}, prefiltered: {} in {} Vectorscan databases ({} patterns), checked unfiltered: {}, "
             "per transaction: {}, packet rule groups: {}, transaction rule groups: {}\n",
             st.ip_only, st.address_indexed, st.prefiltered, st.databases, st.patterns, st.unfiltered, st.transactional,
             st.packet_groups, st.transaction_groups);
  fmt::print("  compiled in {:.2f} s\n", seconds);
  print_rule_groups(set);
  if (!by_reason.empty()) fmt::print("not active by reason:\n");
  for (const auto& [reason, count] : by_reason) fmt::print("  {:6} {}\n", count, reason);
}

void print_threshold_report(const detect::ThresholdConfig& config, const detect::ThresholdConfigUse& use) {
  for (const auto& e : config.errors) fmt::print("{}:{}: threshold error: {}\n", e.file, e.line, e.message);
  for (size_t line : use.unmatched_lines) fmt::print("{}:{}: names no loaded rule\n", config.file, line);
  fmt::print("threshold file: {}\ndirectives: {}\nbad lines: {}\nthresholds set: {}\nsuppressions: {}\nrate filters: {}\n",
             config.file, config.directives.size(), config.errors.size(), use.thresholds_set, use.suppressions,
             use.rate_filters);
}

class RulesCommandImpl final : public RulesCommand {
 public:
  explicit RulesCommandImpl(CLI::App& app) : rules_(app.add_subcommand("rules", "Work with Suricata rule files")) {
    rules_->require_subcommand(1);
    check_ = rules_->add_subcommand("check", "Parse rule files and report the rules that cannot load");
    auto& o = options_;
    check_->add_option("files", o.files, "Rule files, or directories (their *.rules files, as sense -S reads them)")->required();
    check_->add_flag("--strict", o.strict, "Exit non-zero when any rule fails to load");
    check_->add_option("--classification", o.classification_file, "classification.config (default: next to the rules)");
    check_->add_option("--reference", o.reference_file, "reference.config (default: next to the rules)");
    check_->add_option("--vars", o.vars_file, "YAML file with vars: address-groups / port-groups");
    check_->add_option("--threshold-file", o.threshold_file, "threshold.config to check and apply to the rules");
  }

  int run() override {
    if (!check_->parsed()) return 0;
    auto files = detect::expand_rule_paths(options_.files);
    if (!files) return fail(files.error());
    options_.files = std::move(*files);
    auto context = make_context();
    if (!context) return fail(context.error());
    detect::LoadedRules rules;
    for (const auto& file : options_.files)
      if (!detect::load_rule_file(file, *context, rules)) fmt::print(stderr, "rampart rules: error: {}: cannot read\n", file);
    print_report(rules);
    if (rules.files_read == 0) return 1;
    size_t threshold_errors = 0;
    if (!options_.threshold_file.empty()) {
      auto thresholds = detect::load_threshold_config(options_.threshold_file, context->variables);
      if (!thresholds) return fail(thresholds.error());
      threshold_errors = thresholds->errors.size();
      print_threshold_report(*thresholds, detect::apply_threshold_config(*thresholds, rules.signatures));
    }
    std::vector<detect::InactiveRule> inactive;
    auto start = std::chrono::steady_clock::now();
    auto set = detect::RuleSet::build(std::move(rules.signatures), inactive, rules.failures.size(), rules.skipped.size());
    std::chrono::duration<double> compile = std::chrono::steady_clock::now() - start;
    print_engine_report(*set, inactive, rules.rules_enabled, compile.count());
    return options_.strict && (!rules.failures.empty() || !inactive.empty() || threshold_errors > 0) ? 1 : 0;
  }

 private:
  std::expected<detect::RuleContext, std::string> make_context() const {
    detect::RuleContext context;
    auto describe = [](const detect::RuleError& e) { return e.detail; };
    if (auto path = find_config(options_.classification_file, options_.files, "classification.config"); !path.empty()) {
      auto table = detect::load_classification_config(path);
      if (!table) return std::unexpected(describe(table.error()));
      context.classifications = std::move(*table);
      context.classifications_configured = true;
    }
    if (auto path = find_config(options_.reference_file, options_.files, "reference.config"); !path.empty()) {
      auto table = detect::load_reference_config(path);
      if (!table) return std::unexpected(describe(table.error()));
      context.references = std::move(*table);
    }
    if (!options_.vars_file.empty())
      if (auto r = detect::load_variables_yaml(options_.vars_file, context.variables); !r) return std::unexpected(describe(r.error()));
    return context;
  }

  static int fail(const std::string& message) {
    fmt::print(stderr, "rampart rules: error: {}\n", message);
    return 1;
  }

  CLI::App* rules_;
  CLI::App* check_;
  RulesOptions options_;
};

}  // namespace

std::unique_ptr<RulesCommand> add_rules_command(CLI::App& app) { return std::make_unique<RulesCommandImpl>(app); }

}  // namespace rampart::cli
