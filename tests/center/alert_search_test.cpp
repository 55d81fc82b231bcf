// ip= (either address) search in both stores: each store merges the newest page of
// the source-address and the destination-address index, so the merged pages must
// still cover every matching alert once, newest first, with the other filters and
// the cursor applied to both sides.
#include <gtest/gtest.h>

#include <algorithm>

#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using testing::TempDir;

constexpr std::string_view kAddress = "198.51.100.7";

IngestedAlert make_alert(int64_t time_us, int64_t sid, int severity, std::string src, std::string dest) {
  IngestedAlert alert;
  alert.time_us = time_us;
  alert.signature_id = sid;
  alert.severity = severity;
  alert.signature = "sig";
  alert.src_ip = std::move(src);
  alert.dest_ip = std::move(dest);
  alert.eve_json = "{}";
  return alert;
}

class AlertSearch : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
    auto sensor = **store_->find_token("hash-edge-1");
    // Alert i (signature id i) has kAddress as its source when i % 3 == 0, as its
    // destination when i % 3 == 1, as both when i % 9 == 0, else neither; two alerts
    // share each timestamp, so the cursor's id matters.
    EventBatch batch;
    for (int i = 0; i < 60; ++i) {
      std::string other = "10.0.0." + std::to_string(i);
      std::string src = i % 3 == 0 ? std::string(kAddress) : other;
      std::string dest = i % 3 == 1 || i % 9 == 0 ? std::string(kAddress) : other;
      batch.alerts.push_back(make_alert(1000 * (i / 2), i, 1 + i % 2, src, dest));
    }
    ASSERT_TRUE(store_->ingest(sensor, "batch-1", batch));
  }

  // The signature ids of every page of query, in order.
  std::vector<int64_t> all_pages(AlertQuery query) {
    std::vector<int64_t> out;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = store_->alerts(query);
      EXPECT_TRUE(page) << page.error().detail;
      if (!page) break;
      for (const auto& stored : page->alerts) out.push_back(stored.alert.signature_id);
      if (!page->next) break;
      query.after = page->next;
    }
    return out;
  }

  // The expected signature ids, newest first (time, then id, descending).
  static std::vector<int64_t> expected(auto keep) {
    std::vector<int64_t> out;
    for (int i = 59; i >= 0; --i)
      if (i % 3 != 2 && keep(i)) out.push_back(i);
    return out;
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_P(AlertSearch, EitherAddressCoversEveryAlertOnceNewestFirst) {
  AlertQuery query;
  query.any_ip = std::string(kAddress);
  query.limit = 4;
  EXPECT_EQ(all_pages(query), expected([](int) { return true; }));
}

TEST_P(AlertSearch, EitherAddressWithOtherFilters) {
  AlertQuery query;
  query.any_ip = std::string(kAddress);
  query.min_severity = 1;
  query.since_us = 5000;
  query.until_us = 25000;
  query.limit = 3;
  EXPECT_EQ(all_pages(query), expected([](int i) { return i % 2 == 0 && i / 2 >= 5 && i / 2 < 25; }));
}

TEST_P(AlertSearch, UnknownAddressFindsNothing) {
  AlertQuery query;
  query.any_ip = "192.0.2.99";
  auto page = store_->alerts(query);
  ASSERT_TRUE(page);
  EXPECT_TRUE(page->alerts.empty());
  EXPECT_FALSE(page->next);
}

INSTANTIATE_TEST_SUITE_P(Backends, AlertSearch, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
