// The ET Open rulesets (Suricata and Snort 2.9 flavours) must load at >= 97%, and
// as many must be active in the engine.
#include <filesystem>

#include "detect/classification.hpp"
#include "detect/reference.hpp"
#include "detect/rule_file_loader.hpp"
#include "detect/rule_set.hpp"
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

namespace fs = std::filesystem;

LoadedRules load_ruleset(const fs::path& dir) {
  RuleContext context;
  context.classifications = *load_classification_config((dir / "classification.config").string());
  context.references = *load_reference_config((dir / "reference.config").string());
  LoadedRules rules;
  for (const auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".rules") load_rule_file(entry.path().string(), context, rules);
  return rules;
}

void expect_load_rate(const char* ruleset) {
  fs::path dir = fs::path(RAMPART_SHARED_DIR) / "corpus" / "rules" / ruleset;
  if (!fs::exists(dir / "classification.config")) GTEST_SKIP() << dir << " is not available";
  auto rules = load_ruleset(dir);
  ASSERT_GT(rules.rules_enabled, 10000u);
  double rate = static_cast<double>(rules.signatures.size()) / static_cast<double>(rules.rules_enabled);
  EXPECT_GE(rate, 0.97) << rules.signatures.size() << " of " << rules.rules_enabled << " loaded";
  std::vector<InactiveRule> inactive;
  auto set = RuleSet::build(std::move(rules.signatures), inactive);
  double active = static_cast<double>(set->size()) / static_cast<double>(rules.rules_enabled);
  EXPECT_GE(active, 0.97) << set->size() << " of " << rules.rules_enabled << " active";
  EXPECT_GT(set->stats().ip_only + set->stats().address_indexed, 900u);  // ET's reputation and TOR lists
  EXPECT_GT(set->stats().databases, 10u);
}

TEST(EtOpenCorpus, SuricataFlavourLoads) { expect_load_rate("et-open"); }

TEST(EtOpenCorpus, Snort29FlavourLoads) { expect_load_rate("et-open-snort29"); }

}  // namespace
}  // namespace rampart::detect
