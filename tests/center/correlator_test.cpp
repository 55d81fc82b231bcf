// Grouping, windows, distinct counts, sequences, grading and idempotency of the correlator.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>

#include "center/incidents/correlator.hpp"

namespace rampart::center::incidents {
namespace {

constexpr int64_t kSecond = 1'000'000;

CorrelationAlert alert(int64_t id, int64_t seconds, std::string src, std::string dest,
                       std::string category = "Misc activity", int severity = 3) {
  return CorrelationAlert{.id = id,
                          .time_us = 1'700'000'000 * kSecond + seconds * kSecond,
                          .sensor = "edge-1",
                          .sensor_organisation = "default",
                          .signature_id = 2000 + id,
                          .severity = severity,
                          .category = std::move(category),
                          .src_ip = std::move(src),
                          .dest_ip = std::move(dest)};
}

Correlator make(std::string_view yaml) {
  auto config = parse_correlation_config(yaml, "test");
  EXPECT_TRUE(config) << config.error();
  auto assets = AssetInventory::build(config->assets);
  EXPECT_TRUE(assets) << assets.error();
  return Correlator(*config, *assets);
}

Correlator make_default() { return make(""); }

// Five alerts from one source against `targets` distinct hosts, one second apart.
std::vector<CorrelationAlert> scan(int64_t first_id, int64_t start, int targets, std::string src = "203.0.113.9") {
  std::vector<CorrelationAlert> out;
  for (int i = 0; i < 5; ++i)
    out.push_back(alert(first_id + i, start + i, src, fmt::format("10.0.0.{}", 1 + i % targets),
                        "Detection of a Network Scan"));
  return out;
}

TEST(Correlator, SourceAgainstManyAssetsOpensOneIncident) {
  auto correlator = make_default();
  auto first = scan(1, 0, 5);
  auto head = std::vector(first.begin(), first.begin() + 4);
  EXPECT_TRUE(correlator.process(head).empty()) << "four targets are below the threshold";
  auto changes = correlator.process({first[4]});
  ASSERT_EQ(changes.size(), 1u);
  const auto& incident = changes[0].incident;
  EXPECT_EQ(changes[0].kind, ChangeKind::created);
  EXPECT_EQ(incident.rule, "source-against-many-assets");
  EXPECT_EQ(incident.group, "src_ip=203.0.113.9");
  EXPECT_EQ(incident.alert_ids, (std::vector<int64_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(incident.category, IncidentCategory::network_attack);
  EXPECT_EQ(incident.assets.size(), 5u);
  EXPECT_EQ(incident.level, IncidentLevel::III) << "five assets";
  EXPECT_EQ(changes[0].new_alert_ids.size(), 5u);

  auto more = correlator.process({alert(6, 10, "203.0.113.9", "10.0.0.9")});
  ASSERT_EQ(more.size(), 1u);
  EXPECT_EQ(more[0].kind, ChangeKind::updated);
  EXPECT_EQ(more[0].incident.correlation_key, incident.correlation_key);
  EXPECT_EQ(more[0].new_alert_ids, std::vector<int64_t>{6});
}

TEST(Correlator, DistinctConditionCountsDistinctValuesOnly) {
  auto correlator = make_default();
  EXPECT_TRUE(correlator.process(scan(1, 0, 2)).empty()) << "five alerts but only two targets";
}

TEST(Correlator, AlertsOutsideTheWindowDoNotCount) {
  auto correlator = make_default();
  std::vector<CorrelationAlert> spread;
  for (int i = 0; i < 5; ++i) spread.push_back(alert(i + 1, i * 200, "203.0.113.9", fmt::format("10.0.0.{}", i + 1)));
  EXPECT_TRUE(correlator.process(spread).empty()) << "800 s apart, the window is 10 minutes";
  EXPECT_EQ(correlator.process({alert(6, 801, "203.0.113.9", "10.0.0.6")}).size(), 0u);
  EXPECT_EQ(correlator.process({alert(7, 802, "203.0.113.9", "10.0.0.7")}).size(), 1u)
      << "the last five (400..802 s) fit in 10 minutes";
}

TEST(Correlator, AlertsOutOfTimeOrderExpireByTheirOwnTime) {
  // Two sensors' batches interleave: pending alerts are not in time order.
  auto correlator = make_default();
  std::vector<CorrelationAlert> mixed;
  for (int i = 0; i < 4; ++i)
    mixed.push_back(alert(i + 1, i % 2 == 0 ? 300 + i : i, "203.0.113.9", fmt::format("10.0.0.{}", i + 1)));
  EXPECT_TRUE(correlator.process(mixed).empty()) << "four targets at 1, 3, 300 and 302 s";
  EXPECT_TRUE(correlator.process({alert(5, 650, "203.0.113.9", "10.0.0.5")}).empty())
      << "at 650 s the alerts of 1 and 3 s are out of the 10-minute window: three targets left";
  auto changes = correlator.process({alert(6, 299, "203.0.113.9", "10.0.0.6"), alert(7, 640, "203.0.113.9", "10.0.0.7")});
  ASSERT_EQ(changes.size(), 1u) << "300, 302, 650, 299 (late, still in the window) and 640 s: five targets";
  EXPECT_EQ(changes[0].incident.alert_ids, (std::vector<int64_t>{6, 1, 3, 7, 5})) << "in time order";
  EXPECT_EQ(changes[0].incident.first_us, 1'700'000'000 * kSecond + 299 * kSecond);
}

TEST(Correlator, AGroupClosesAfterItsWindowAndStateIsDropped) {
  auto correlator = make_default();
  auto first = correlator.process(scan(1, 0, 5));
  ASSERT_EQ(first.size(), 1u);
  EXPECT_GT(correlator.open_groups(), 0u);
  auto later = correlator.process(scan(11, 3600, 5));
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].kind, ChangeKind::created) << "an hour later is a new incident";
  EXPECT_NE(later[0].incident.correlation_key, first[0].incident.correlation_key);
  correlator.process({alert(99, 90000, "198.51.100.1", "198.51.100.2")});
  EXPECT_EQ(correlator.open_groups(), 2u) << "only the groups of the newest alert (by source, by category) are left";
}

TEST(Correlator, ReplayingABatchChangesNothing) {
  auto correlator = make_default();
  auto batch = scan(1, 0, 5);
  ASSERT_EQ(correlator.process(batch).size(), 1u);
  EXPECT_TRUE(correlator.process(batch).empty());
  auto changes = correlator.process({alert(6, 6, "203.0.113.9", "10.0.0.6")});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].incident.alert_ids.size(), 6u);
}

TEST(Correlator, AlertIdsOutOfOrderAreStillSeenOnce) {
  auto correlator = make_default();
  auto batch = scan(1, 0, 5);
  std::reverse(batch.begin(), batch.end());
  ASSERT_EQ(correlator.process(batch).size(), 1u);
  std::rotate(batch.begin(), batch.begin() + 2, batch.end());
  EXPECT_TRUE(correlator.process(batch).empty()) << "the same ids in another order";
}

TEST(Correlator, AChangeReportsItsIncidentAsItIsAfterTheBatch) {
  auto correlator = make_default();
  auto batch = scan(1, 0, 5);
  batch.push_back(alert(6, 10, "203.0.113.9", "10.0.0.6", "Detection of a Network Scan"));
  batch.push_back(alert(7, 3600, "203.0.113.9", "10.0.0.7", "Detection of a Network Scan"));
  auto changes = correlator.process(batch);
  ASSERT_EQ(changes.size(), 1u) << "alert 7 comes after the window: it starts a new group, no incident yet";
  EXPECT_EQ(changes[0].kind, ChangeKind::created);
  EXPECT_EQ(changes[0].incident.alert_ids, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
  EXPECT_EQ(changes[0].new_alert_ids, (std::vector<int64_t>{1, 2, 3, 4, 5, 6}));
}

TEST(Correlator, SameCategoryAcrossTwoSectors) {
  auto correlator = make(R"(
assets:
  - {network: 10.1.0.0/16, organisation: grid, sector: energy}
  - {network: 10.2.0.0/16, organisation: bank, sector: finance}
)");
  auto changes = correlator.process({alert(1, 0, "198.51.100.1", "10.1.0.5", "Attempted Denial of Service"),
                                     alert(2, 60, "198.51.100.2", "10.1.0.6", "Attempted Denial of Service")});
  EXPECT_TRUE(changes.empty()) << "one sector only";
  changes = correlator.process({alert(3, 120, "198.51.100.3", "10.2.0.7", "Attempted Denial of Service")});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].incident.rule, "category-across-sectors");
  EXPECT_EQ(changes[0].incident.group, "category=Attempted Denial of Service");
  EXPECT_EQ(changes[0].incident.sectors, (std::set<std::string>{"energy", "finance"}));
  EXPECT_EQ(changes[0].incident.organisations, (std::set<std::string>{"bank", "grid"}));
}

TEST(Correlator, ExploitFollowedByOutboundTrafficFromTheTarget) {
  auto correlator = make_default();
  auto exploit = alert(1, 0, "203.0.113.5", "10.0.0.20", "Attempted Administrator Privilege Gain", 1);
  EXPECT_TRUE(correlator.process({exploit}).empty());
  EXPECT_TRUE(correlator.process({alert(2, 60, "10.0.0.21", "198.51.100.80")}).empty()) << "another host";
  auto changes = correlator.process({alert(3, 600, "10.0.0.20", "198.51.100.80", "A Network Trojan was detected")});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].incident.rule, "exploit-then-outbound");
  EXPECT_EQ(changes[0].incident.group, "target=10.0.0.20");
  EXPECT_EQ(changes[0].incident.alert_ids, (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(changes[0].incident.category, IncidentCategory::network_attack) << "from the first alert";
  EXPECT_EQ(changes[0].incident.level, IncidentLevel::III) << "severity 1";
}

TEST(Correlator, OutboundTrafficTooLateOrTooEarlyIsNoSequence) {
  auto correlator = make_default();
  correlator.process({alert(1, 0, "203.0.113.5", "10.0.0.20", "Web Application Attack")});
  EXPECT_TRUE(correlator.process({alert(2, 31 * 60, "10.0.0.20", "198.51.100.80")}).empty());
  auto other = make_default();
  EXPECT_TRUE(other.process({alert(3, 0, "10.0.0.30", "198.51.100.80")}).empty());
  EXPECT_TRUE(other.process({alert(4, 10, "203.0.113.5", "10.0.0.30", "Web Application Attack")}).empty())
      << "the outbound traffic came before the exploit";
}

TEST(Correlator, EscalatesWhenACriticalAssetJoins) {
  auto correlator = make(R"(
assets:
  - {network: 10.9.9.9, organisation: grid, sector: energy, critical-infrastructure: true, protection-level: 4}
)");
  auto created = correlator.process(scan(1, 0, 5));
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].incident.level, IncidentLevel::III);
  auto changes = correlator.process({alert(6, 6, "203.0.113.9", "10.9.9.9", "Detection of a Network Scan", 1)});
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, ChangeKind::escalated);
  EXPECT_EQ(changes[0].previous_level, IncidentLevel::III);
  EXPECT_EQ(changes[0].incident.level, IncidentLevel::I);
  EXPECT_TRUE(changes[0].incident.grading.critical_infrastructure);
}

TEST(Correlator, AlertsWithoutTheGroupingFieldAreSkipped) {
  auto correlator = make("rules:\n  - {name: by-dest, group-by: [dest_ip], window: 1m, threshold: 2}\n");
  EXPECT_TRUE(correlator.process({alert(1, 0, "192.0.2.1", ""), alert(2, 1, "192.0.2.1", "")}).empty());
  EXPECT_EQ(correlator.process({alert(3, 2, "192.0.2.1", "192.0.2.2"), alert(4, 3, "192.0.2.3", "192.0.2.2")}).size(),
            1u);
}

TEST(Correlator, MatchFiltersAlerts) {
  auto correlator = make(
      "rules:\n  - {name: grave, group-by: [sensor], window: 1m, threshold: 2, match: {max-severity: 1, "
      "signature-ids: [2001, 2002, 2003]}}\n");
  EXPECT_TRUE(correlator.process({alert(1, 0, "a", "b", "x", 1), alert(2, 1, "a", "b", "x", 2)}).empty());
  EXPECT_TRUE(correlator.process({alert(4, 2, "a", "b", "x", 1)}).empty()) << "signature 2004 is not listed";
  EXPECT_EQ(correlator.process({alert(3, 3, "a", "b", "x", 1)}).size(), 1u);
}

}  // namespace
}  // namespace rampart::center::incidents
