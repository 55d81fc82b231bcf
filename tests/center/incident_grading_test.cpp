// Grading tables, the asset inventory and the workflow state machine.
#include <gtest/gtest.h>

#include "center/incidents/asset_inventory.hpp"
#include "center/incidents/correlation_config.hpp"
#include "center/incidents/workflow.hpp"

namespace rampart::center::incidents {
namespace {

IncidentLevel default_grade(GradingInput input) { return grade(default_correlation_config().grading, input); }

TEST(IncidentGrading, DefaultTable) {
  EXPECT_EQ(default_grade({}), IncidentLevel::IV);
  EXPECT_EQ(default_grade({.max_protection_level = 1, .most_severe = 2, .assets = 4}), IncidentLevel::IV);
  EXPECT_EQ(default_grade({.most_severe = 1}), IncidentLevel::III);
  EXPECT_EQ(default_grade({.assets = 5}), IncidentLevel::III);
  EXPECT_EQ(default_grade({.max_protection_level = 2, .most_severe = 3}), IncidentLevel::III);
  EXPECT_EQ(default_grade({.max_protection_level = 3, .most_severe = 2}), IncidentLevel::II);
  EXPECT_EQ(default_grade({.critical_infrastructure = true, .most_severe = 3}), IncidentLevel::II);
  EXPECT_EQ(default_grade({.organisations = 3}), IncidentLevel::II);
  EXPECT_EQ(default_grade({.max_protection_level = 4, .critical_infrastructure = true, .most_severe = 1}),
            IncidentLevel::I);
  EXPECT_EQ(default_grade({.max_protection_level = 4, .critical_infrastructure = true, .most_severe = 2}),
            IncidentLevel::II);
  EXPECT_EQ(default_grade({.sectors = 3}), IncidentLevel::I);
}

TEST(IncidentGrading, ConfiguredTable) {
  GradingTable table;
  table.criteria[1] = {GradingCriterion{.min_assets = 2, .min_sectors = 2}};
  EXPECT_EQ(grade(table, {.assets = 2, .sectors = 1}), IncidentLevel::IV) << "every condition must hold";
  EXPECT_EQ(grade(table, {.assets = 2, .sectors = 2}), IncidentLevel::II);
  EXPECT_TRUE(is_graver(IncidentLevel::I, IncidentLevel::II));
  EXPECT_FALSE(is_graver(IncidentLevel::IV, IncidentLevel::III));
  EXPECT_EQ(level_name(IncidentLevel::III), "III");
  EXPECT_EQ(parse_level("II"), IncidentLevel::II);
  EXPECT_FALSE(parse_level("V"));
  EXPECT_EQ(parse_category("network-attack"), IncidentCategory::network_attack);
  EXPECT_EQ(category_name(IncidentCategory::equipment_failure), "equipment-failure");
}

TEST(AssetInventory, LongestPrefixWins) {
  auto inventory = AssetInventory::build({Asset{"10.0.0.0/8", "big", "energy", false, 1},
                                          Asset{"10.1.2.0/24", "small", "water", true, 4},
                                          Asset{"2001:db8::/32", "six", "finance", false, 2},
                                          Asset{"192.0.2.7", "host", "health", false, 3}});
  ASSERT_TRUE(inventory) << inventory.error();
  ASSERT_NE(inventory->find("10.1.2.3"), nullptr);
  EXPECT_EQ(inventory->find("10.1.2.3")->organisation, "small");
  EXPECT_EQ(inventory->find("10.9.0.1")->organisation, "big");
  EXPECT_EQ(inventory->find("2001:db8::5")->organisation, "six");
  EXPECT_EQ(inventory->find("192.0.2.7")->organisation, "host");
  EXPECT_EQ(inventory->find("192.0.2.8"), nullptr);
  EXPECT_EQ(inventory->find("::ffff:10.1.2.3"), nullptr) << "families do not mix";
  EXPECT_EQ(inventory->find("not an address"), nullptr);
  EXPECT_EQ(inventory->find(""), nullptr);
}

TEST(AssetInventory, RejectsBadNetworks) {
  EXPECT_FALSE(AssetInventory::build({Asset{"10.0.0.0/", "", "", false, 1}}));
  EXPECT_FALSE(AssetInventory::build({Asset{"2001:db8::/129", "", "", false, 1}}));
  EXPECT_FALSE(AssetInventory::build({Asset{"10.0.0.0/8", "", "", false, 0}}));
  EXPECT_TRUE(AssetInventory::build({Asset{"0.0.0.0/0", "", "", false, 5}}));
}

TEST(IncidentWorkflow, ForwardOneStepAndReopen) {
  using enum IncidentState;
  const std::vector<IncidentState> path{new_, acknowledged, investigating, contained, resolved, closed};
  for (size_t i = 0; i + 1 < path.size(); ++i) EXPECT_TRUE(check_transition(path[i], path[i + 1]));
  EXPECT_TRUE(check_transition(resolved, investigating));
  EXPECT_TRUE(check_transition(closed, investigating));
  EXPECT_FALSE(check_transition(new_, closed));
  EXPECT_FALSE(check_transition(investigating, acknowledged));
  EXPECT_FALSE(check_transition(contained, investigating));
  EXPECT_FALSE(check_transition(closed, closed));
  EXPECT_EQ(check_transition(new_, resolved).error(), "cannot go from new to resolved; allowed: acknowledged");
  EXPECT_EQ(check_transition(closed, new_).error(), "cannot go from closed to new; allowed: investigating");
  EXPECT_EQ(parse_state("contained"), contained);
  EXPECT_EQ(state_name(new_), "new");
  EXPECT_FALSE(parse_state("done"));
}

TEST(IncidentWorkflow, OverdueWhenNotAcknowledgedInTime) {
  EXPECT_FALSE(is_overdue(1000, std::nullopt, 1000));
  EXPECT_TRUE(is_overdue(1000, std::nullopt, 1001));
  EXPECT_FALSE(is_overdue(1000, 999, 5000)) << "acknowledged in time";
  EXPECT_TRUE(is_overdue(1000, 1500, 1600)) << "acknowledged late stays overdue";
}

}  // namespace
}  // namespace rampart::center::incidents
