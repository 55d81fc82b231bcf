// Crash safety: a sensor streams batches while the center is killed with SIGKILL.
// After a restart every acknowledged batch is complete, nothing is half-stored, and
// retrying the batch that was in flight stores it exactly once. Correlation runs
// after the acknowledgement, so the kill can leave acknowledged alerts uncorrelated:
// the restart correlates them before it listens, and every stored alert belongs to
// its batch's incident. On SQLite and on PostgreSQL.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "center_support/postgres_server.hpp"
#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr int kAlertsPerBatch = 50;

// Batch n carries signature ids n*1000 .. n*1000+49, so stored alerts name their
// batch; its source scans distinct addresses, so the batch is one incident.
std::string batch_body(int n) {
  std::string body;
  for (int i = 0; i < kAlertsPerBatch; ++i) {
    json event{{"timestamp", "2024-01-01T00:00:00Z"},
               {"event_type", "alert"},
               {"src_ip", "10.1." + std::to_string(n / 200) + "." + std::to_string(n % 200 + 1)},
               {"dest_ip", "10.0.0." + std::to_string(i + 1)},
               {"alert", {{"signature_id", n * 1000 + i}, {"severity", 1}}}};
    body += event.dump() + "\n";
  }
  return body;
}

// Alerts stored per batch number, read through the API page by page.
std::map<int, int> alerts_per_batch(CenterClient& client, const std::string& token) {
  std::map<int, int> counts;
  std::string next;
  do {
    auto response = client.get("/api/v1/alerts?limit=1000" + (next.empty() ? "" : "&next=" + next), token);
    if (!response || response->status != 200) return {};
    auto page = json::parse(response->body);
    for (const auto& alert : page["alerts"]) ++counts[alert["signature_id"].get<int>() / 1000];
    next = page["next"].is_null() ? "" : page["next"].get<std::string>();
  } while (!next.empty());
  return counts;
}

// Alerts found by one signature id: the key lookups (in SQLite, recent keys rebuilt
// from the stored alerts at the restart) must find what the time index finds.
int alerts_with_signature(CenterClient& client, const std::string& token, int signature_id) {
  auto response = client.get("/api/v1/alerts?signature_id=" + std::to_string(signature_id), token);
  if (!response || response->status != 200) return -1;
  return static_cast<int>(json::parse(response->body)["alerts"].size());
}

struct Correlated {
  int incidents = 0;
  int alerts = 0;  // linked to them
};

Correlated correlated(CenterClient& client, const std::string& token) {
  Correlated out;
  auto listed = client.get("/api/v1/incidents?limit=1000", token);
  if (!listed || listed->status != 200) return out;
  auto page = json::parse(listed->body);
  for (const auto& incident : page["incidents"]) {
    auto one = client.get("/api/v1/incidents/" + std::to_string(incident["id"].get<int64_t>()), token);
    if (!one || one->status != 200) return {};
    ++out.incidents;
    out.alerts += static_cast<int>(json::parse(one->body)["alerts"].size());
  }
  return out;
}

class CenterCrash : public ::testing::TestWithParam<std::string> {};

TEST_P(CenterCrash, KillDuringIngestLosesNoAcknowledgedBatch) {
  auto data = fs::temp_directory_path() / ("rampart-center-crash-" + std::to_string(::getpid()));
  fs::remove_all(data);
  std::string store = sqlite_store_args(data);
  if (GetParam() == "postgres") {
    auto& postgres = center::testing::PostgresServer::shared();
    ASSERT_TRUE(postgres.running()) << postgres.failure();
    store = postgres_store_args(postgres.create_database());
  }
  auto sensor_token = run_center_cli("sensor add edge-1 " + store).out;
  auto reader_token = run_center_cli("user add ana --role viewer " + store, "pw\n").out;
  ASSERT_FALSE(sensor_token.empty());
  ASSERT_FALSE(reader_token.empty());

  std::atomic<int> acknowledged{0};  // batches 0 .. acknowledged-1 got a 200
  std::atomic<bool> rejected{false};
  {
    CenterServer server(store);
    ASSERT_TRUE(server.started()) << server.log();
    std::thread sensor([&, port = server.port()] {
      CenterClient client(port);
      for (int n = 0;; ++n) {
        auto response = client.post_events("b" + std::to_string(n), sensor_token, batch_body(n));
        if (!response) return;  // the center died mid-request
        if (response->status != 200) {
          rejected = true;
          return;
        }
        acknowledged = n + 1;
      }
    });
    while (acknowledged < 20 && !rejected) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    std::this_thread::sleep_for(std::chrono::milliseconds(37));
    server.kill_hard();
    sensor.join();
  }
  ASSERT_FALSE(rejected);
  const int acked = acknowledged;
  const int in_flight = acked;  // the batch the sensor was sending when the center died
  ASSERT_GE(acked, 20);

  CenterServer restarted(store);
  ASSERT_TRUE(restarted.started()) << restarted.log();
  CenterClient client(restarted.port());
  auto before = alerts_per_batch(client, reader_token);
  for (int n = 0; n < acked; ++n) {
    EXPECT_EQ(before[n], kAlertsPerBatch) << "acknowledged batch " << n;
    EXPECT_EQ(alerts_with_signature(client, reader_token, n * 1000 + kAlertsPerBatch - 1), 1) << "batch " << n;
  }
  // The in-flight batch is there completely or not at all.
  EXPECT_TRUE(before[in_flight] == 0 || before[in_flight] == kAlertsPerBatch) << before[in_flight];
  int stored_batches = acked + (before[in_flight] == kAlertsPerBatch ? 1 : 0);
  auto restarted_incidents = correlated(client, reader_token);
  EXPECT_EQ(restarted_incidents.incidents, stored_batches) << "correlated before the restart listened";
  EXPECT_EQ(restarted_incidents.alerts, stored_batches * kAlertsPerBatch);

  auto retry = client.post_events("b" + std::to_string(in_flight), sensor_token, batch_body(in_flight));
  ASSERT_TRUE(retry);
  ASSERT_EQ(retry->status, 200u) << retry->body;
  EXPECT_EQ(json::parse(retry->body)["duplicate"], before[in_flight] == kAlertsPerBatch);
  auto after = alerts_per_batch(client, reader_token);
  EXPECT_EQ(after[in_flight], kAlertsPerBatch);
  int total = 0;
  for (const auto& [batch, count] : after) total += count;
  EXPECT_EQ(total, (acked + 1) * kAlertsPerBatch);
  auto stats = json::parse(client.get("/api/v1/stats", reader_token)->body);
  EXPECT_EQ(stats["batches"], acked + 1);
  // The retry's alerts are correlated after its acknowledgement: wait a bounded time.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  Correlated final_incidents;
  do {
    final_incidents = correlated(client, reader_token);
    if (final_incidents.alerts == total) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  } while (std::chrono::steady_clock::now() < deadline);
  EXPECT_EQ(final_incidents.incidents, acked + 1);
  EXPECT_EQ(final_incidents.alerts, total);
  EXPECT_EQ(restarted.stop(), 0);
  std::printf("crash test (%s): %d batches acknowledged before SIGKILL, in-flight batch %s before the retry\n",
              GetParam().c_str(), acked, before[in_flight] == kAlertsPerBatch ? "committed" : "absent");
  fs::remove_all(data);
}

INSTANTIATE_TEST_SUITE_P(Stores, CenterCrash, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::testing
