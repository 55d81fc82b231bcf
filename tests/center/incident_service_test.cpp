// Correlation after the acknowledgement, on both stores: batches handed to the
// service are correlated on its thread (settle() waits for them); alerts stored but
// not correlated (acknowledged before a crash) are correlated when the service opens,
// their category read from the stored EVE; both ways give the same incidents.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "center/incidents/incident_service.hpp"
#include "center/ingest/ndjson_batch.hpp"
#include "temp_dir.hpp"
#include "test_store.hpp"

namespace rampart::center {
namespace {

using incidents::IncidentService;
using nlohmann::json;

constexpr std::chrono::seconds kSettle{30};

// Batch n: a scan from 203.0.113.N of five addresses, then an exploit of 10.0.N.1
// answered by an alert from that host (the sequence rule).
std::string batch_body(int n) {
  std::string body;
  auto line = [&](int second, const std::string& src, const std::string& dest, const std::string& category) {
    body += json{{"timestamp", fmt::format("2026-11-26T05:{:02}:{:02}.000000+0000", n, second)},
                 {"event_type", "alert"},
                 {"src_ip", src},
                 {"dest_ip", dest},
                 {"alert", {{"signature_id", 2000 + second}, {"severity", 2}, {"signature", "t"}, {"category", category}}}}
                .dump() +
            "\n";
  };
  for (int i = 0; i < 5; ++i)
    line(i, fmt::format("203.0.113.{}", n), fmt::format("10.0.{}.{}", n, i + 1), "Detection of a Network Scan");
  line(10, "198.51.100.1", fmt::format("10.0.{}.1", n), "Attempted Administrator Privilege Gain");
  line(11, fmt::format("10.0.{}.1", n), "192.0.2.80", "Potentially Bad Traffic");
  return body;
}

// What identifies an incident's content: key, title, category, level and alerts.
std::vector<std::string> incident_summaries(Store& store) {
  std::vector<std::string> out;
  IncidentQuery query;
  query.limit = 1000;
  auto page = store.incidents(query);
  EXPECT_TRUE(page) << page.error().detail;
  if (!page) return out;
  for (const auto& listed : page->incidents) {
    auto incident = store.incident(listed.id);
    EXPECT_TRUE(incident && *incident);
    if (!incident || !*incident) continue;
    const auto& record = **incident;
    out.push_back(fmt::format("{} | {} | {} | {} | {}", record.correlation_key, record.title, record.category,
                              record.level, fmt::join(record.alert_ids, ",")));
  }
  std::sort(out.begin(), out.end());
  return out;
}

class IncidentServiceTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    open_test_store(GetParam(), dir_.path(), store_);
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(store_->add_sensor("edge-1", "hash-edge-1", "test"));
    sensor_ = **store_->find_token("hash-edge-1");
  }

  // Stores batch n as the ingest path does; the acknowledgement and the parsed batch.
  std::pair<BatchAck, EventBatch> store_batch(int n) {
    auto batch = parse_ndjson_batch(batch_body(n));
    EXPECT_TRUE(batch);
    auto ack = store_->ingest(sensor_, fmt::format("b{}", n), *batch);
    EXPECT_TRUE(ack) << ack.error().detail;
    return {*ack, *batch};
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Principal sensor_;
};

TEST_P(IncidentServiceTest, SubmittedBatchesAreCorrelatedOnTheServiceThread) {
  auto service = IncidentService::open(*store_, incidents::default_correlation_config());
  ASSERT_TRUE(service) << service.error().detail;
  int64_t last_id = 0;
  for (int n = 1; n <= 3; ++n) {
    auto [ack, batch] = store_batch(n);
    (*service)->submit("edge-1", batch, ack);
    last_id = ack.alert_ids.back();
  }
  ASSERT_TRUE((*service)->settle(kSettle));
  EXPECT_EQ((*service)->backlog(), 0u);
  EXPECT_EQ(*store_->correlated_up_to(), last_id);
  auto incidents = incident_summaries(*store_);
  ASSERT_EQ(incidents.size(), 6u) << "a scan and an exploit-then-outbound per batch";
  for (const auto& incident : incidents)
    EXPECT_NE(incident.find("| network-attack |"), std::string::npos) << "categories from the batches: " << incident;
}

TEST_P(IncidentServiceTest, StoredButUncorrelatedAlertsAreCorrelatedWhenTheServiceOpens) {
  // Acknowledged, then the center died before correlating: stored, the mark behind them.
  int64_t last_id = 0;
  for (int n = 1; n <= 2; ++n) last_id = store_batch(n).first.alert_ids.back();
  EXPECT_EQ(*store_->correlated_up_to(), 0);
  EXPECT_TRUE(incident_summaries(*store_).empty());
  {
    auto service = IncidentService::open(*store_, incidents::default_correlation_config());
    ASSERT_TRUE(service) << service.error().detail;
    EXPECT_EQ(*store_->correlated_up_to(), last_id) << "caught up before open returned";
  }
  auto incidents = incident_summaries(*store_);
  ASSERT_EQ(incidents.size(), 4u);
  EXPECT_NE(incidents.front().find("| network-attack |"), std::string::npos)
      << "the category comes from the stored EVE: " << incidents.front();
  auto again = IncidentService::open(*store_, incidents::default_correlation_config());
  ASSERT_TRUE(again);
  EXPECT_EQ(incident_summaries(*store_), incidents) << "a second start correlates nothing twice";
}

TEST_P(IncidentServiceTest, AStoredLineThatIsNoEveAlertDoesNotStopTheStart) {
  EventBatch batch;
  batch.alerts.push_back(IngestedAlert{1'700'000'000'000'000, 2001, 2, "sig", "203.0.113.9", "10.0.0.1", "{}", ""});
  auto ack = store_->ingest(sensor_, "written-elsewhere", batch);
  ASSERT_TRUE(ack) << ack.error().detail;
  auto service = IncidentService::open(*store_, incidents::default_correlation_config());
  ASSERT_TRUE(service) << service.error().detail;
  EXPECT_EQ(*store_->correlated_up_to(), ack->alert_ids.back()) << "correlated without a category";
}

TEST_P(IncidentServiceTest, SameIncidentsOnlineAndAfterARestart) {
  std::vector<std::string> online;
  {
    auto service = IncidentService::open(*store_, incidents::default_correlation_config());
    ASSERT_TRUE(service);
    for (int n = 1; n <= 4; ++n) {
      auto [ack, batch] = store_batch(n);
      (*service)->submit("edge-1", batch, ack);
    }
    ASSERT_TRUE((*service)->settle(kSettle));
    online = incident_summaries(*store_);
  }
  testing::TempDir other_dir;
  std::unique_ptr<Store> other;
  open_test_store(GetParam(), other_dir.path(), other);
  ASSERT_FALSE(HasFatalFailure());
  ASSERT_TRUE(other->add_sensor("edge-1", "hash-edge-1", "test"));
  auto sensor = **other->find_token("hash-edge-1");
  for (int n = 1; n <= 4; ++n) ASSERT_TRUE(other->ingest(sensor, fmt::format("b{}", n), *parse_ndjson_batch(batch_body(n))));
  ASSERT_TRUE(IncidentService::open(*other, incidents::default_correlation_config()));
  EXPECT_EQ(incident_summaries(*other), online);
  EXPECT_EQ(online.size(), 8u);
}

INSTANTIATE_TEST_SUITE_P(Stores, IncidentServiceTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::center
