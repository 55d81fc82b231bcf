// End to end: `rampart sense --center URL --token T` uploading its EVE events to a
// real `rampart center serve` on a free loopback port (SQLite): every alert
// arrives exactly once; with the center down the batches wait in the spool and a
// restarted sensor sends them once the center is back; a tiny spool drops the
// oldest batches and says so in the stats record and on stderr.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"
#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// EVE records as the center stores them: the alert events, and counts of the others.
std::multiset<std::string> alert_texts(const std::vector<json>& events) {
  std::multiset<std::string> out;
  for (const auto& e : events)
    if (e.value("event_type", "") == "alert") out.insert(e.dump());
  return out;
}

uint64_t non_alert_count(const std::vector<json>& events) {
  uint64_t n = 0;
  for (const auto& e : events) n += e.value("event_type", "") == "alert" ? 0 : 1;
  return n;
}

// The events of the spool's files, from the "-nCOUNT" suffix of each batch id.
uint64_t events_in_spool(const fs::path& spool, uint64_t* bytes = nullptr) {
  static const std::regex kBatch(R"(.*-n(\d+)\.ndjson\.gz)");
  uint64_t events = 0;
  if (bytes != nullptr) *bytes = 0;
  for (const auto& entry : fs::directory_iterator(spool)) {
    std::smatch match;
    std::string name = entry.path().filename().string();
    if (!std::regex_match(name, match, kBatch)) continue;
    events += std::stoull(match[1]);
    if (bytes != nullptr) *bytes += entry.file_size();
  }
  return events;
}

json stats_center(const SenseRun& run) {
  auto stats = run.of_type("stats");
  if (stats.empty()) return json();
  return stats.back()["stats"].value("center", json());
}

class CenterUpload : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    dir_ = fs::temp_directory_path() / ("rampart-upload-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "center");
    store_ = sqlite_store_args(dir_ / "center");
    auto sensor = run_center_cli("sensor add edge-1 " + store_);
    ASSERT_EQ(sensor.exit_code, 0);
    sensor_token_ = sensor.out;
    auto analyst = run_center_cli("user add ana --role analyst " + store_, "s3cret pass\n");
    ASSERT_EQ(analyst.exit_code, 0);
    analyst_token_ = analyst.out;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string sense_args(uint16_t port, const std::string& extra) const {
    return "--workers 1 --center http://127.0.0.1:" + std::to_string(port) + " --token " + sensor_token_ +
           " --set center.spool-dir='" + (dir_ / "spool").string() + "' " + extra;
  }

  std::vector<json> stored_alerts(uint16_t port) const {
    CenterClient client(port);
    auto response = client.get("/api/v1/alerts?limit=1000", analyst_token_);
    if (!response || response->status != 200) return {};
    std::vector<json> events;
    json body = json::parse(response->body);
    for (const auto& a : body["alerts"]) events.push_back(a["event"]);
    return events;
  }

  uint64_t stored_other_events(uint16_t port) const {
    CenterClient client(port);
    auto response = client.get("/api/v1/stats", analyst_token_);
    if (!response || response->status != 200) return 0;
    uint64_t n = 0;
    json body = json::parse(response->body);
    for (const auto& [type, count] : body["other_events"].items()) n += count.get<uint64_t>();
    return n;
  }

  // A loopback port nothing listens on: one the center had and gave up.
  uint16_t closed_port() const {
    CenterServer server(store_);
    uint16_t port = server.port();
    server.kill_hard();
    return port;
  }

  fs::path dir_;
  std::string store_;
  std::string sensor_token_;
  std::string analyst_token_;
};

const std::string kRules = " -S " + data_path("alert_rules/alert.rules");

TEST_F(CenterUpload, EveryAlertArrivesExactlyOnce) {
  CenterServer center(store_);
  ASSERT_TRUE(center.started()) << center.log();
  auto run = run_sense(data_path("alert_session.pcap"), sense_args(center.port(), "--set center.batch-events=2") + kRules);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  ASSERT_FALSE(run.of_type("alert").empty());
  EXPECT_EQ(alert_texts(stored_alerts(center.port())), alert_texts(run.events));
  EXPECT_EQ(stored_other_events(center.port()), non_alert_count(run.events));  // the stats record included
  EXPECT_EQ(events_in_spool(dir_ / "spool"), 0u);
  json counters = stats_center(run);
  ASSERT_TRUE(counters.is_object()) << run.eve_text();
  EXPECT_EQ(counters["spooled"], run.events.size() - 1);  // all but the stats record itself
  EXPECT_EQ(counters["dropped"], 0);
  std::string summary = "center: " + std::to_string(run.events.size()) + " events uploaded";
  EXPECT_NE(run.stderr_text.find(summary), std::string::npos) << run.stderr_text;
  EXPECT_EQ(center.stop(), 0) << center.log();
}

TEST_F(CenterUpload, SpoolSurvivesAnOutageAndARestart) {
  uint16_t down = closed_port();
  ASSERT_NE(down, 0);
  auto first = run_sense(data_path("alert_session.pcap"),
                         sense_args(down, "--set center.batch-events=3 --set center.drain-timeout=300ms") + kRules);
  ASSERT_EQ(first.exit_code, 0) << first.stderr_text;
  EXPECT_NE(first.stderr_text.find("upload failed"), std::string::npos) << first.stderr_text;
  json counters = stats_center(first);
  ASSERT_TRUE(counters.is_object()) << first.eve_text();
  EXPECT_EQ(counters["uploaded"], 0);
  std::smatch match;  // the final count: the stats record may precede the first attempt
  ASSERT_TRUE(std::regex_search(first.stderr_text, match, std::regex(R"(dropped, (\d+) failed attempts)")))
      << first.stderr_text;
  EXPECT_GT(std::stoull(match[1]), 0u);
  EXPECT_EQ(events_in_spool(dir_ / "spool"), first.events.size());  // the stats record too

  // The center comes back; a restarted sensor (a capture without rules this time)
  // sends what the first run left before its own events.
  CenterServer center(store_);
  ASSERT_TRUE(center.started()) << center.log();
  auto second = run_sense(data_path("alert_session.pcap"), sense_args(center.port(), ""));
  ASSERT_EQ(second.exit_code, 0) << second.stderr_text;
  EXPECT_NE(second.stderr_text.find("of an earlier run are waiting"), std::string::npos) << second.stderr_text;
  EXPECT_TRUE(second.of_type("alert").empty());
  EXPECT_EQ(events_in_spool(dir_ / "spool"), 0u);
  EXPECT_EQ(alert_texts(stored_alerts(center.port())), alert_texts(first.events));
  EXPECT_EQ(stored_other_events(center.port()), non_alert_count(first.events) + second.events.size());
  EXPECT_EQ(center.stop(), 0) << center.log();
}

TEST_F(CenterUpload, FullSpoolDropsTheOldestBatchesAndCountsThem) {
  uint16_t down = closed_port();
  ASSERT_NE(down, 0);
  constexpr uint64_t kSpoolCap = 3000;
  auto run = run_sense(data_path("alert_session.pcap"),
                       sense_args(down, "--set center.batch-events=1 --set center.drain-timeout=200ms "
                                        "--set center.spool-max-bytes=" + std::to_string(kSpoolCap)) + kRules);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  json counters = stats_center(run);
  ASSERT_TRUE(counters.is_object()) << run.eve_text();
  EXPECT_GT(counters["dropped"].get<uint64_t>(), 0u);
  EXPECT_NE(run.stderr_text.find("spool full (3000 bytes max): dropped batch"), std::string::npos) << run.stderr_text;
  uint64_t bytes = 0;
  uint64_t kept = events_in_spool(dir_ / "spool", &bytes);
  EXPECT_LE(bytes, kSpoolCap);
  EXPECT_GT(kept, 0u);
  // Every event is either still spooled or counted as dropped (the summary has the final count).
  std::smatch match;
  ASSERT_TRUE(std::regex_search(run.stderr_text, match, std::regex(R"(center: 0 events uploaded in 0 batches, \d+ spooled, (\d+) dropped)")))
      << run.stderr_text;
  EXPECT_EQ(kept + std::stoull(match[1]), run.events.size());
}

}  // namespace
}  // namespace rampart::testing
