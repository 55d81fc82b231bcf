// SQLite's alert keys (migrations 9 and 11): new alerts' signature and address keys
// wait in recent_alert_keys (in memory) and are merged into the key tables once enough
// have gathered; searches must find every alert once, newest first, wherever its keys
// are, and the recent keys are rebuilt at a restart from the alerts not merged.
#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "center/store/sqlite_alert_keys.hpp"
#include "center/store/sqlite_migrations.hpp"
#include "center/store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using testing::TempDir;

constexpr int64_t kSignatures = 4;

// Alert n: signature 100 + n % 4, source 10.0.(n % 7).1, destination 10.1.(n % 5).1,
// except every 11th, whose source and destination are 192.0.2.1. Three alerts share
// each timestamp, so the cursor's id matters.
IngestedAlert numbered_alert(int n) {
  IngestedAlert alert;
  alert.time_us = 1'000'000 + n / 3;
  alert.signature_id = 100 + n % kSignatures;
  alert.severity = 1 + n % 3;
  alert.signature = "sig";
  bool same = n % 11 == 0;
  alert.src_ip = same ? "192.0.2.1" : "10.0." + std::to_string(n % 7) + ".1";
  alert.dest_ip = same ? "192.0.2.1" : "10.1." + std::to_string(n % 5) + ".1";
  alert.eve_json = "{\"n\":" + std::to_string(n) + "}";
  return alert;
}

int64_t count_rows(const std::filesystem::path& dir, const std::string& table) {
  auto connection = sqlite::Connection::open(sqlite_database_path(dir).string());
  EXPECT_TRUE(connection);
  if (!connection) return -1;
  auto query = connection->prepare("SELECT COUNT(*) FROM " + table);
  EXPECT_TRUE(query && query->step());
  return query ? query->integer(0) : -1;
}

// Alerts whose keys are not in the key tables: the recent keys, which only the store's
// connection sees.
int64_t unmerged_alerts(const std::filesystem::path& dir) {
  return count_rows(dir, "alerts WHERE id > (SELECT alert_id FROM alert_keys_progress)");
}

class AlertKeys : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    store_.reset();
    auto opened = open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    auto found = store_->find_token("hash-edge-1");
    ASSERT_TRUE(found);
    if (!*found) {
      ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
      found = store_->find_token("hash-edge-1");
    }
    sensor_ = **found;
  }

  // Ingests alerts first..last-1 in batches of batch_size.
  void ingest(int first, int last, int batch_size) {
    for (int start = first; start < last; start += batch_size) {
      EventBatch batch;
      for (int n = start; n < std::min(last, start + batch_size); ++n) batch.alerts.push_back(numbered_alert(n));
      auto ack = store_->ingest(sensor_, "b" + std::to_string(start), batch);
      ASSERT_TRUE(ack) << ack.error().detail;
    }
  }

  // The alert numbers of every page of query (limit alerts a page), in page order.
  std::vector<int> all_pages(AlertQuery query, size_t limit = 1000) {
    std::vector<int> out;
    query.limit = limit;
    for (int pages = 0; pages < 1000; ++pages) {
      auto page = store_->alerts(query);
      EXPECT_TRUE(page) << page.error().detail;
      if (!page) break;
      for (const auto& stored : page->alerts) out.push_back(std::stoi(stored.alert.eve_json.substr(5)));
      if (!page->next) break;
      query.after = page->next;
    }
    return out;
  }

  // Alerts 0..kMergedAndRecent-1: the keys of the first 16,500 merged, of the last 100 recent.
  static constexpr int kMergedAndRecent = 16600;
  void ingest_merged_and_recent() {
    ingest(0, kMergedAndRecent, 4125);
    ASSERT_EQ(unmerged_alerts(dir_.path()), 100);
  }

  // Alerts 0..total-1 that keep() accepts, newest first: later time first, and
  // within a time the later alert (higher id) first.
  static std::vector<int> expected(int total, auto keep) {
    std::vector<int> out;
    for (int n = total - 1; n >= 0; --n)
      if (keep(numbered_alert(n))) out.push_back(n);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Principal sensor_;
};

TEST(AlertKeysThreshold, GrowsWithTheStoreFromAFloor) {
  EXPECT_EQ(sqlite::merge_threshold(0), 16384u);
  EXPECT_EQ(sqlite::merge_threshold(100'000), 16384u);
  EXPECT_EQ(sqlite::merge_threshold(1'000'000), 40000u);
  EXPECT_EQ(sqlite::merge_threshold(100'000'000), 400000u);
  EXPECT_EQ(sqlite::merge_threshold(-5), 16384u);
}

TEST_F(AlertKeys, RecentKeysAreMergedOnceEnoughHaveGathered) {
  ingest(0, 16000, 4000);
  EXPECT_EQ(unmerged_alerts(dir_.path()), 16000);
  EXPECT_EQ(count_rows(dir_.path(), "alert_signature_keys"), 0);
  ingest(16000, 16500, 500);
  EXPECT_EQ(unmerged_alerts(dir_.path()), 0);
  for (const char* table : {"alert_signature_keys", "alert_src_ip_keys", "alert_dest_ip_keys"})
    EXPECT_EQ(count_rows(dir_.path(), table), 16500) << table;
  ingest(16500, 16600, 100);
  EXPECT_EQ(unmerged_alerts(dir_.path()), 100);
}

TEST_F(AlertKeys, SearchesFindMergedAndRecentAlertsOnceNewestFirst) {
  constexpr int kTotal = 16600;  // 16500 merged, 100 recent
  ingest(0, kTotal, 4125);
  ASSERT_EQ(unmerged_alerts(dir_.path()), 100);

  AlertQuery by_signature;
  by_signature.signature_id = 101;
  EXPECT_EQ(all_pages(by_signature), expected(kTotal, [](const IngestedAlert& a) { return a.signature_id == 101; }));

  AlertQuery by_source;
  by_source.src_ip = "10.0.3.1";
  by_source.min_severity = 2;
  EXPECT_EQ(all_pages(by_source), expected(kTotal, [](const IngestedAlert& a) {
              return a.src_ip == "10.0.3.1" && a.severity <= 2;
            }));

  AlertQuery by_destination;
  by_destination.dest_ip = "10.1.4.1";
  by_destination.signature_id = 102;
  by_destination.since_us = 1'000'000 + 2000;
  by_destination.until_us = 1'000'000 + 5400;
  EXPECT_EQ(all_pages(by_destination), expected(kTotal, [](const IngestedAlert& a) {
              return a.dest_ip == "10.1.4.1" && a.signature_id == 102 && a.time_us >= 1'002'000 &&
                     a.time_us < 1'005'400;
            }));

  AlertQuery either;
  either.any_ip = "192.0.2.1";  // source and destination of the same alerts: each once
  auto found = all_pages(either);
  EXPECT_EQ(found, expected(kTotal, [](const IngestedAlert& a) { return a.src_ip == "192.0.2.1"; }));
  EXPECT_EQ(std::set<int>(found.begin(), found.end()).size(), found.size());
}

// A page's rows are read 64 ids a statement (sqlite_alert_search.hpp): pages of every
// size around that, with cursors that cross from the recent keys into the merged ones
// inside a page, must list the same alerts in the same order.
TEST_F(AlertKeys, PagesOfEverySizeCrossTheRecentAndMergedKeys) {
  ASSERT_NO_FATAL_FAILURE(ingest_merged_and_recent());
  AlertQuery by_signature;
  by_signature.signature_id = 101;
  auto want = expected(kMergedAndRecent, [](const IngestedAlert& a) { return a.signature_id == 101; });
  AlertQuery either;
  either.any_ip = "192.0.2.1";
  auto want_either = expected(kMergedAndRecent, [](const IngestedAlert& a) { return a.src_ip == "192.0.2.1"; });
  for (size_t limit : {7, 24, 63, 64, 65, 128, 129, 1000}) {
    EXPECT_EQ(all_pages(by_signature, limit), want) << limit;
    EXPECT_EQ(all_pages(either, limit), want_either) << limit;
  }
}

// since is inclusive and until exclusive, on the merged keys (alerts up to 16499, time
// 1,005,499) and on the recent ones (from 16500, time 1,005,500) alike; each bound is
// the time of three alerts.
TEST_F(AlertKeys, TimeBoundsAtTheEdgesOfMergedAndRecentKeys) {
  ASSERT_NO_FATAL_FAILURE(ingest_merged_and_recent());
  for (auto [since, until] : {std::pair<int64_t, int64_t>{1'005'497, 1'005'503}, {1'005'498, 1'005'502},
                              {1'005'499, 1'005'500}, {1'005'500, 1'005'501}, {1'005'501, 1'005'501},
                              {1'000'000, 1'000'001}}) {
    AlertQuery by_source;
    by_source.src_ip = "10.0.3.1";
    by_source.since_us = since;
    by_source.until_us = until;
    AlertQuery by_signature;
    by_signature.signature_id = 100;
    by_signature.since_us = since;
    by_signature.until_us = until;
    auto in_range = [since, until](const IngestedAlert& a) { return a.time_us >= since && a.time_us < until; };
    EXPECT_EQ(all_pages(by_source, 2), expected(kMergedAndRecent, [&](const IngestedAlert& a) {
                return in_range(a) && a.src_ip == "10.0.3.1";
              })) << since << ".." << until;
    EXPECT_EQ(all_pages(by_signature, 2), expected(kMergedAndRecent, [&](const IngestedAlert& a) {
                return in_range(a) && a.signature_id == 100;
              })) << since << ".." << until;
  }
}

TEST_F(AlertKeys, SensorFilterAppliesToMergedAndRecentKeys) {
  constexpr int kTotal = 16600;  // 16500 merged, 100 recent
  ingest(0, kTotal, 4125);
  ASSERT_EQ(unmerged_alerts(dir_.path()), 100);
  AlertQuery by_signature;
  by_signature.signature_id = 103;
  by_signature.sensor = "edge-1";
  EXPECT_EQ(all_pages(by_signature), expected(kTotal, [](const IngestedAlert& a) { return a.signature_id == 103; }));
  by_signature.sensor = "nobody";
  auto page = store_->alerts(by_signature);
  ASSERT_TRUE(page) << page.error().detail;
  EXPECT_TRUE(page->alerts.empty());
  EXPECT_FALSE(page->next);
}

// Searches on their own connections while batches are stored and merged: every
// search, all its pages, must be what some whole number of batches holds (no alert
// missing while a merge moves keys, none twice, no key without its row).
TEST_F(AlertKeys, SearchesDuringIngestSeeWholeBatches) {
  constexpr int kTotal = 34000;  // two merges (at 16,500 and 33,000 alerts)
  constexpr int kBatch = 250;
  std::atomic<bool> done = false;
  auto search = [&](AlertQuery query, auto keep, std::vector<std::string>& errors, int& searches) {
    query.limit = 300;
    int newest_seen = -1;
    while (!done && errors.empty()) {
      std::vector<int> found;
      for (AlertQuery page_query = query;;) {
        auto page = store_->alerts(page_query);
        if (!page) {
          errors.push_back(page.error().detail);
          return;
        }
        for (const auto& stored : page->alerts) found.push_back(std::stoi(stored.alert.eve_json.substr(5)));
        if (!page->next) break;
        page_query.after = page->next;
      }
      ++searches;
      if (found.empty()) continue;
      if (found != expected(found.front() + 1, keep)) errors.push_back("pages from " + std::to_string(found.front()));
      if (found.front() < newest_seen) errors.push_back("older snapshot after " + std::to_string(newest_seen));
      newest_seen = found.front();
    }
  };
  std::vector<std::string> signature_errors;
  std::vector<std::string> address_errors;
  int signature_searches = 0;
  int address_searches = 0;
  AlertQuery by_signature;
  by_signature.signature_id = 101;
  AlertQuery by_address;
  by_address.any_ip = "10.0.3.1";
  std::thread signatures(search, by_signature, [](const IngestedAlert& a) { return a.signature_id == 101; },
                         std::ref(signature_errors), std::ref(signature_searches));
  std::thread addresses(search, by_address, [](const IngestedAlert& a) { return a.src_ip == "10.0.3.1"; },
                        std::ref(address_errors), std::ref(address_searches));
  ingest(0, kTotal, kBatch);
  done = true;
  signatures.join();
  addresses.join();
  EXPECT_EQ(signature_errors, std::vector<std::string>{});
  EXPECT_EQ(address_errors, std::vector<std::string>{});
  EXPECT_GT(signature_searches, 1);
  EXPECT_GT(address_searches, 1);
  EXPECT_EQ(count_rows(dir_.path(), "alert_signature_keys"), 33000);
  EXPECT_EQ(all_pages(by_signature), expected(kTotal, [](const IngestedAlert& a) { return a.signature_id == 101; }));
}

TEST_F(AlertKeys, RecentKeysSurviveARestartAndCountTowardsTheMerge) {
  ingest(0, 10000, 5000);
  open();
  ASSERT_FALSE(HasFatalFailure());
  AlertQuery by_signature;
  by_signature.signature_id = 100;
  EXPECT_EQ(all_pages(by_signature).size(), 2500u);
  ingest(10000, 16500, 6500);
  EXPECT_EQ(unmerged_alerts(dir_.path()), 0) << "the 10000 keys before the restart counted";
  EXPECT_EQ(count_rows(dir_.path(), "alert_signature_keys"), 16500);
}

TEST(AlertKeysMigration, RecentKeysOfVersionTenAreMergedByTheUpgrade) {
  TempDir dir;
  {
    auto connection = sqlite::Connection::open(sqlite_database_path(dir.path()).string());
    ASSERT_TRUE(connection);
    ASSERT_EQ(*sqlite::migrate(*connection, 10), 10);
    ASSERT_TRUE(connection->exec(
        "INSERT INTO sensors (organisation_id, name, created_us) VALUES (1, 'old', 0);"
        "INSERT INTO alerts (time_us, sensor_id, batch_id, signature_id, severity, signature, src_ip, dest_ip, eve) "
        "VALUES (5, 1, 'b', 7, 1, 's', '10.0.0.1', '10.0.0.2', '{}'), (6, 1, 'b', 8, 1, 's', '10.0.0.2', '10.0.0.3', '{}');"
        "INSERT INTO recent_alert_keys (id, time_us, signature_id, src_ip, dest_ip) "
        "SELECT id, time_us, signature_id, src_ip, dest_ip FROM alerts"));
  }
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  EXPECT_EQ(count_rows(dir.path(), "alert_signature_keys"), 2);
  EXPECT_EQ(unmerged_alerts(dir.path()), 0);
  AlertQuery either;
  either.any_ip = "10.0.0.2";
  auto page = (*store)->alerts(either);
  ASSERT_TRUE(page) << page.error().detail;
  EXPECT_EQ(page->alerts.size(), 2u);
}

TEST(AlertKeysMigration, AlertsOfVersionEightAreFoundAfterTheUpgrade) {
  TempDir dir;
  {
    auto connection = sqlite::Connection::open(sqlite_database_path(dir.path()).string());
    ASSERT_TRUE(connection);
    ASSERT_EQ(*sqlite::migrate(*connection, 8), 8);
    ASSERT_TRUE(connection->exec(
        "INSERT INTO sensors (organisation_id, name, created_us) VALUES (1, 'old', 0);"
        "INSERT INTO alerts (time_us, sensor_id, batch_id, signature_id, severity, signature, src_ip, dest_ip, eve) "
        "VALUES (5, 1, 'b', 7, 1, 's', '10.0.0.1', '10.0.0.2', '{}'), (6, 1, 'b', 8, 1, 's', '10.0.0.2', '10.0.0.3', '{}')"));
  }
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  AlertQuery by_signature;
  by_signature.signature_id = 8;
  auto page = (*store)->alerts(by_signature);
  ASSERT_TRUE(page) << page.error().detail;
  ASSERT_EQ(page->alerts.size(), 1u);
  EXPECT_EQ(page->alerts[0].alert.time_us, 6);
  AlertQuery either;
  either.any_ip = "10.0.0.2";
  page = (*store)->alerts(either);
  ASSERT_TRUE(page) << page.error().detail;
  EXPECT_EQ(page->alerts.size(), 2u);
  EXPECT_EQ(count_rows(dir.path(), "alert_src_ip_keys"), 2);
}

}  // namespace
}  // namespace rampart::center
