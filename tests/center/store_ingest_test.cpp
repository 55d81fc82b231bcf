// The bulk ingest paths of both stores (SQLite's reused statements, PostgreSQL's COPY):
// alert ids follow batch order, text that COPY must escape comes back byte for byte,
// a large batch is stored whole, and a batch that fails midway leaves nothing behind.
#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using testing::TempDir;

IngestedAlert make_alert(int64_t time_us, int64_t sid, std::string eve) {
  IngestedAlert alert;
  alert.time_us = time_us;
  alert.signature_id = sid;
  alert.severity = 2;
  alert.signature = "sig " + std::to_string(sid);
  alert.src_ip = "10.0.0.1";
  alert.dest_ip = "192.0.2.1";
  alert.eve_json = std::move(eve);
  return alert;
}

std::vector<StoredAlert> all_alerts(Store& store) {
  std::vector<StoredAlert> out;
  AlertQuery query;
  query.limit = 1000;
  while (true) {
    auto page = store.alerts(query);
    EXPECT_TRUE(page) << page.error().detail;
    if (!page) return out;
    out.insert(out.end(), page->alerts.begin(), page->alerts.end());
    if (!page->next) return out;
    query.after = page->next;
  }
}

class StoreIngest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
    sensor_ = **store_->find_token("hash-edge-1");
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Principal sensor_;
};

TEST_P(StoreIngest, AlertIdsFollowBatchOrder) {
  EventBatch batch;
  for (int i = 0; i < 300; ++i) batch.alerts.push_back(make_alert(1000 + (i * 7919) % 300, i, "{}"));
  auto ack = store_->ingest(sensor_, "ordered", batch);
  ASSERT_TRUE(ack) << ack.error().detail;
  ASSERT_EQ(ack->alert_ids.size(), batch.alerts.size());
  for (size_t i = 1; i < ack->alert_ids.size(); ++i) EXPECT_LT(ack->alert_ids[i - 1], ack->alert_ids[i]);
  auto stored = all_alerts(*store_);
  ASSERT_EQ(stored.size(), batch.alerts.size());
  for (const auto& alert : stored) {
    auto position = static_cast<size_t>(alert.alert.signature_id);
    EXPECT_EQ(alert.id, ack->alert_ids[position]) << "signature " << position;
    EXPECT_EQ(alert.alert.time_us, batch.alerts[position].time_us);
  }
}

TEST_P(StoreIngest, TextComesBackByteForByte) {
  // Backslashes, tabs, line breaks and non-ASCII: what COPY's text format escapes.
  std::string eve = R"({"alert":{"signature":"a\\b\tc\nd \"q\" \u00e9"},"raw":")" + std::string("tab\there\\N") + "\"}";
  auto alert = make_alert(5000, 1, eve);
  alert.signature = "sig\twith\\slash\nand line \xc3\xa9";
  alert.src_ip = "2001:db8::1";
  EventBatch batch;
  batch.alerts.push_back(alert);
  batch.other_events = {{"flow", 2}};
  ASSERT_TRUE(store_->ingest(sensor_, "escapes", batch));
  auto stored = all_alerts(*store_);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].alert.eve_json, eve);
  EXPECT_EQ(stored[0].alert.signature, alert.signature);
  EXPECT_EQ(stored[0].alert.src_ip, "2001:db8::1");
  EXPECT_EQ(stored[0].sensor, "edge-1");
}

TEST_P(StoreIngest, LargeBatchesAreStoredWhole) {
  EventBatch batch;
  for (int i = 0; i < 5000; ++i) batch.alerts.push_back(make_alert(1'700'000'000'000'000 + i, i, "{\"n\":" + std::to_string(i) + "}"));
  batch.other_events = {{"flow", 700}, {"stats", 3}};
  for (int round = 0; round < 2; ++round) {
    auto ack = store_->ingest(sensor_, "large-" + std::to_string(round), batch);
    ASSERT_TRUE(ack) << ack.error().detail;
    EXPECT_EQ(ack->alerts, 5000u);
  }
  auto stats = store_->stats();
  ASSERT_TRUE(stats);
  EXPECT_EQ(stats->alerts, 10000u);
  EXPECT_EQ(stats->other_events.at("flow"), 1400u);
  EXPECT_EQ(all_alerts(*store_).size(), 10000u);
}

TEST_P(StoreIngest, AFailedBatchLeavesNothingAndCanBeRetried) {
  EventBatch batch;
  batch.alerts.push_back(make_alert(1000, 1, "{}"));
  batch.alerts.push_back(make_alert(2000, 2, "{}"));
  Principal unknown = sensor_;
  unknown.sensor_id = 999;  // no such sensor: the foreign key refuses the batch
  EXPECT_FALSE(store_->ingest(unknown, "b1", batch));
  EXPECT_TRUE(all_alerts(*store_).empty());
  auto ack = store_->ingest(sensor_, "b1", batch);
  ASSERT_TRUE(ack) << ack.error().detail;
  EXPECT_FALSE(ack->duplicate);
  EXPECT_EQ(all_alerts(*store_).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreIngest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace rampart::center
