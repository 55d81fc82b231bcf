// The recent keys held in the process: a signature or address search over them must
// apply every filter of the query (time, cursor, sensor, severity, the other keys),
// count an alert from and to the same address once for ip=, and return the newest
// matches first by (time, id); a search's snapshot sees only the ids in its range.
#include "center/store/sqlite_recent_keys.hpp"

#include <gtest/gtest.h>

#include <utility>
#include <vector>

namespace rampart::center::sqlite {
namespace {

// Alert n (id n + 1): sensor 1 + n % 2, signature 100 + n % 3, severity 1 + n % 3,
// source 10.0.0.(n % 4), destination 10.0.1.(n % 5) but every 7th goes from and to
// 192.0.2.1; two alerts share each time, and time runs backwards every 10 alerts, so
// id order is not time order.
RecentAlert numbered(int n) {
  bool same = n % 7 == 0;
  return RecentAlert{n + 1,
                     1000 + (n / 10) * 100 - (n % 10) / 2,
                     1 + n % 2,
                     100 + n % 3,
                     1 + n % 3,
                     same ? "192.0.2.1" : "10.0.0." + std::to_string(n % 4),
                     same ? "192.0.2.1" : "10.0.1." + std::to_string(n % 5)};
}

constexpr int kAlerts = 200;

// (time, id): AlertCursor has no ==.
using Key = std::pair<int64_t, int64_t>;

std::vector<Key> keys_of(const std::vector<AlertCursor>& cursors) {
  std::vector<Key> out;
  for (const auto& cursor : cursors) out.emplace_back(cursor.time_us, cursor.id);
  return out;
}

class RecentKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (int n = 0; n < kAlerts; ++n) keys_.add(numbered(n));
  }

  // The newest rows alerts that keep accepts, by brute force.
  static std::vector<Key> expected(size_t rows, auto keep) {
    std::vector<AlertCursor> out;
    for (int n = 0; n < kAlerts; ++n)
      if (RecentAlert alert = numbered(n); keep(alert)) out.push_back({alert.time_us, alert.id});
    keep_newest(out, rows);
    return keys_of(out);
  }

  std::vector<Key> newest(const AlertQuery& query, std::optional<int64_t> sensor_id, size_t rows) const {
    return keys_of(keys_.newest(query, sensor_id, rows));
  }

  RecentKeys keys_;
};

TEST_F(RecentKeysTest, SignatureSearchAppliesEveryOtherFilter) {
  AlertQuery query;
  query.signature_id = 101;
  query.min_severity = 2;
  query.since_us = 1200;
  query.until_us = 1900;
  EXPECT_EQ(newest(query, 2, 15), expected(15, [](const RecentAlert& a) {
              return a.signature_id == 101 && a.severity <= 2 && a.time_us >= 1200 && a.time_us < 1900;
            })) << "the sensor id counts only with a sensor filter";
  query.sensor = "edge-2";
  EXPECT_EQ(newest(query, 2, 15), expected(15, [](const RecentAlert& a) {
              return a.signature_id == 101 && a.severity <= 2 && a.time_us >= 1200 && a.time_us < 1900 &&
                     a.sensor_id == 2;
            }));
  EXPECT_TRUE(keys_.newest(query, std::nullopt, 15).empty()) << "an unknown sensor matches nothing";
}

TEST_F(RecentKeysTest, NewestFirstAndTheCursorContinuesWithoutGapOrRepeat) {
  AlertQuery query;
  query.src_ip = "10.0.0.1";
  auto all = expected(kAlerts, [](const RecentAlert& a) { return a.src_ip == "10.0.0.1"; });
  ASSERT_GT(all.size(), 20u);
  std::vector<Key> paged;
  while (true) {
    auto page = keys_.newest(query, std::nullopt, 7);
    auto page_keys = keys_of(page);
    paged.insert(paged.end(), page_keys.begin(), page_keys.end());
    if (page.size() < 7) break;
    query.after = page.back();
  }
  EXPECT_EQ(paged, all);
}

TEST_F(RecentKeysTest, AnyAddressCountsAnAlertFromAndToItOnce) {
  AlertQuery query;
  query.any_ip = "192.0.2.1";
  EXPECT_EQ(newest(query, std::nullopt, kAlerts),
            expected(kAlerts, [](const RecentAlert& a) { return a.src_ip == "192.0.2.1"; }));
  query.any_ip = "10.0.1.3";
  query.dest_ip = "10.0.1.3";
  query.src_ip = "10.0.0.2";
  EXPECT_EQ(newest(query, std::nullopt, kAlerts), expected(kAlerts, [](const RecentAlert& a) {
              return a.dest_ip == "10.0.1.3" && a.src_ip == "10.0.0.2";
            }));
}

TEST_F(RecentKeysTest, OnlyTheSnapshotsIdsCount) {
  AlertQuery query;
  query.signature_id = 101;
  auto in_range = [](const RecentAlert& a) { return a.signature_id == 101 && a.id > 40 && a.id <= 150; };
  EXPECT_EQ(keys_of(keys_.newest(query, std::nullopt, kAlerts, IdRange{40, 150})), expected(kAlerts, in_range));
  EXPECT_TRUE(keys_.newest(query, std::nullopt, kAlerts, IdRange{kAlerts, kAlerts + 10}).empty());
  keys_.drop_last(50);
  EXPECT_EQ(keys_.size(), 150u);
  EXPECT_EQ(newest(query, std::nullopt, kAlerts),
            expected(kAlerts, [](const RecentAlert& a) { return a.signature_id == 101 && a.id <= 150; }));
}

TEST_F(RecentKeysTest, UnknownKeysAndClearFindNothing) {
  AlertQuery query;
  query.dest_ip = "198.51.100.9";
  EXPECT_TRUE(keys_.newest(query, std::nullopt, 10).empty());
  query = AlertQuery{};
  query.signature_id = 100;
  EXPECT_EQ(keys_.newest(query, std::nullopt, 10).size(), 10u);
  keys_.clear();
  EXPECT_EQ(keys_.size(), 0u);
  EXPECT_TRUE(keys_.newest(query, std::nullopt, 10).empty());
}

// A scan from the newest end stops early only where nothing before can be on the
// page: over several blocks of alerts in time order, one old alert carries the newest
// time of all and must still come first; a since filter ends the scan too.
TEST(RecentKeysScan, StopsEarlyOnlyWhereNothingOlderCanCount) {
  constexpr int kMany = 20'000;
  constexpr int kLate = 3;  // the alert with the newest time, near the oldest end
  RecentKeys keys;
  std::vector<RecentAlert> added;
  for (int n = 0; n < kMany; ++n) {
    RecentAlert alert{n + 1, n == kLate ? 1'000'000 : 10 * n, 1, 100 + n % 2, 1, "10.0.0.1", "10.0.1.1"};
    keys.add(alert);
    added.push_back(alert);
  }
  auto brute_force = [&](const AlertQuery& query, size_t rows) {
    std::vector<AlertCursor> out;
    for (const auto& alert : added)
      if (alert.signature_id == *query.signature_id && (!query.since_us || alert.time_us >= *query.since_us) &&
          (!query.after || std::pair(alert.time_us, alert.id) < std::pair(query.after->time_us, query.after->id)))
        out.push_back({alert.time_us, alert.id});
    keep_newest(out, rows);
    return keys_of(out);
  };
  AlertQuery query;
  query.signature_id = 101;
  auto page = keys.newest(query, std::nullopt, 50);
  ASSERT_EQ(keys_of(page), brute_force(query, 50));
  EXPECT_EQ(page.front().id, kLate + 1) << "the newest by time, though the scan starts at the newest id";
  query.after = page.back();
  EXPECT_EQ(keys_of(keys.newest(query, std::nullopt, 50)), brute_force(query, 50)) << "the cursor's next page";
  query = AlertQuery{};
  query.signature_id = 100;
  query.since_us = 10 * (kMany - 500);
  EXPECT_EQ(keys_of(keys.newest(query, std::nullopt, kMany)), brute_force(query, kMany)) << "since";
  query.since_us = 999'999;
  EXPECT_TRUE(keys.newest(query, std::nullopt, kMany).empty());
}

}  // namespace
}  // namespace rampart::center::sqlite
