#include "detect/port_groups.hpp"

#include <gtest/gtest.h>

#include "detect/variables.hpp"

namespace rampart::detect {
namespace {

PortKeyedRule keyed(uint32_t rule, const std::string& text) {
  RuleVariables vars;
  auto set = parse_port_set(text, vars);
  EXPECT_TRUE(set.has_value()) << text;
  return {rule, set ? *set : PortSet{}};
}

using Rules = std::vector<uint32_t>;

TEST(PortGroups, WithoutKeyedRulesEveryPortIsInOneGroup) {
  auto groups = PortGroups::plan({}, 8, {});
  EXPECT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups.group_of(0), 0u);
  EXPECT_EQ(groups.group_of(65535), 0u);
  EXPECT_TRUE(groups.keyed_rules(0).empty());
  EXPECT_TRUE(groups.ports(0).is_any());
}

TEST(PortGroups, PortsWithTheSameRulesShareAGroup) {
  std::vector<PortKeyedRule> rules = {keyed(0, "80"), keyed(1, "[80,8080]"), keyed(2, "!80"), keyed(3, "1024:")};
  auto groups = PortGroups::plan(rules, 8, {});
  EXPECT_EQ(groups.keyed_rules(groups.group_of(80)), (Rules{0, 1}));
  EXPECT_EQ(groups.keyed_rules(groups.group_of(8080)), (Rules{1, 2, 3}));
  EXPECT_EQ(groups.keyed_rules(groups.group_of(25)), (Rules{2}));
  EXPECT_EQ(groups.keyed_rules(groups.group_of(1023)), (Rules{2}));
  EXPECT_EQ(groups.keyed_rules(groups.group_of(1024)), (Rules{2, 3}));
  EXPECT_EQ(groups.group_of(25), groups.group_of(1023));
  EXPECT_EQ(groups.group_of(1024), groups.group_of(65535));
  EXPECT_EQ(groups.size(), 4u);  // {0,1}, {2}, {2,3}, {1,2,3}
  PortSet low = groups.ports(groups.group_of(25));
  EXPECT_TRUE(low.contains(0) && low.contains(79) && low.contains(81) && low.contains(1023));
  EXPECT_FALSE(low.contains(80) || low.contains(1024));
}

TEST(PortGroups, PastTheLimitTheLeastUsefulSetsAreJoined) {
  std::vector<PortKeyedRule> rules;
  for (uint32_t k = 0; k < 6; ++k) rules.push_back(keyed(k, std::to_string(100 + k)));
  rules.push_back(keyed(6, "[102,103]"));
  const uint16_t preferred[] = {105};
  auto groups = PortGroups::plan(rules, 4, preferred);
  ASSERT_EQ(groups.size(), 4u);
  // Kept: the ports no rule names (the most ports), preferred 105, then the largest
  // sets (102 and 103 each have two rules; 102 comes first); the rest joined.
  EXPECT_TRUE(groups.keyed_rules(groups.group_of(7)).empty());
  EXPECT_EQ(groups.keyed_rules(groups.group_of(105)), (Rules{5}));
  EXPECT_EQ(groups.keyed_rules(groups.group_of(102)), (Rules{2, 6}));
  size_t joined = groups.group_of(100);
  EXPECT_EQ(groups.group_of(101), joined);
  EXPECT_EQ(groups.group_of(103), joined);
  EXPECT_EQ(groups.group_of(104), joined);
  EXPECT_EQ(groups.keyed_rules(joined), (Rules{0, 1, 3, 4, 6}));
}

TEST(PortGroups, OneGroupAtMostJoinsEverything) {
  std::vector<PortKeyedRule> rules = {keyed(0, "80"), keyed(1, "25")};
  auto groups = PortGroups::plan(rules, 1, {});
  EXPECT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups.keyed_rules(0), (Rules{0, 1}));
  EXPECT_EQ(groups.group_of(443), 0u);
}

}  // namespace
}  // namespace rampart::detect
