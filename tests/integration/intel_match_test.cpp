// STIX indicators matched by `rampart sense`: from a bundle file (--indicators) and
// from a center's indicator feed (--indicators-from, SQLite and PostgreSQL), over the
// generated HTTP capture (client 192.168.7.10, server 10.7.0.80, host www.example.test).
#include <gtest/gtest.h>
#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "center_support/postgres_server.hpp"
#include "integration/center_process.hpp"
#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

json indicator(int n, const std::string& name, const std::string& pattern) {
  return json{{"type", "indicator"},
              {"spec_version", "2.1"},
              {"id", fmt::format("indicator--00000000-0000-4000-8000-{:012}", n)},
              {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", "2024-03-01T10:00:00.000Z"},
              {"name", name},
              {"pattern", pattern},
              {"pattern_type", "stix"},
              {"valid_from", "2024-03-01T00:00:00Z"},
              {"object_marking_refs", {"marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"}}};
}

// Server block, a URL of the first request, the host's parent domain, and one that must not match.
std::string bundle_text() {
  json objects = json::array({indicator(1, "server block", "[ipv4-addr:value = '10.7.0.0/16']"),
                              indicator(2, "index page", "[url:value = 'http://www.example.test/index.html']"),
                              indicator(3, "test domain", "[domain-name:value = 'example.test']"),
                              indicator(4, "elsewhere", "[ipv4-addr:value = '203.0.113.9']")});
  return json{{"type", "bundle"}, {"id", "bundle--00000000-0000-4000-8000-000000000099"}, {"objects", objects}}.dump();
}

fs::path write_bundle(const fs::path& dir) {
  fs::create_directories(dir);
  auto path = dir / "indicators.json";
  std::ofstream(path) << bundle_text();
  return path;
}

std::map<std::string, int> intel_alerts(const SenseRun& run) {
  std::map<std::string, int> by_signature;
  for (const auto& alert : run.of_type("alert")) {
    if (alert["alert"]["gid"] != 2) continue;
    ++by_signature[alert["alert"]["signature"].get<std::string>()];
    EXPECT_EQ(alert["alert"]["metadata"]["stix_indicator_id"].size(), 1u) << alert.dump();
  }
  return by_signature;
}

void expect_http_capture_hits(const SenseRun& run) {
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto hits = intel_alerts(run);
  EXPECT_EQ(hits["Rampart intel: server block"], 2) << run.stderr_text;  // the first packet of each of the two flows
  EXPECT_EQ(hits["Rampart intel: index page"], 1);
  EXPECT_GE(hits["Rampart intel: test domain"], 1);
  EXPECT_EQ(hits.count("Rampart intel: elsewhere"), 0u);
  for (const auto& alert : run.of_type("alert")) {
    if (alert["alert"]["signature"] != "Rampart intel: index page") continue;
    EXPECT_EQ(alert["alert"]["metadata"]["stix_indicator_id"][0], "indicator--00000000-0000-4000-8000-000000000002");
    EXPECT_EQ(alert["http"]["url"], "/index.html");
  }
}

fs::path temp_dir(const std::string& what) {
  static int counter = 0;
  auto dir = fs::temp_directory_path() / fmt::format("rampart-intel-it-{}-{}-{}", what, ::getpid(), counter++);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(IntelMatch, IndicatorsFromABundleFile) {
  auto dir = temp_dir("file");
  auto bundle = write_bundle(dir);
  auto run = run_sense(data_path("http_pipeline.pcap"), "--workers 1 --indicators " + bundle.string());
  expect_http_capture_hits(run);
  EXPECT_NE(run.stderr_text.find("4 indicators deployed"), std::string::npos) << run.stderr_text;
  auto missing = run_sense(data_path("http_pipeline.pcap"), "--workers 1 --indicators " + (dir / "none.json").string());
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.stderr_text.find("none.json: cannot open"), std::string::npos) << missing.stderr_text;
  fs::remove_all(dir);
}

class IntelFromCenter : public ::testing::TestWithParam<std::string> {};

TEST_P(IntelFromCenter, SensorPollsTheCenter) {
  auto dir = temp_dir("center");
  std::string store = sqlite_store_args(dir);
  if (GetParam() == "postgres") {
    auto& postgres = center::testing::PostgresServer::shared();
    ASSERT_TRUE(postgres.running()) << postgres.failure();
    store = postgres_store_args(postgres.create_database());
  }
  auto cli = [&](const std::string& args) { return run_center_cli(args + " " + store); };
  ASSERT_EQ(cli("group add own --orgs default").exit_code, 0);
  auto collection = cli("collection add Indicators --read own --write own");
  ASSERT_EQ(collection.exit_code, 0);
  auto collection_id = collection.out.substr(0, collection.out.find('\n'));
  auto bundle = write_bundle(dir / "bundle");
  auto imported = cli(fmt::format("import {} --collection {}", bundle.string(), collection_id));
  ASSERT_EQ(imported.exit_code, 0) << imported.out;
  auto sensor = cli("sensor add edge-1");
  ASSERT_EQ(sensor.exit_code, 0);
  auto token = sensor.out.substr(0, sensor.out.find('\n'));
  CenterServer server(store);
  ASSERT_TRUE(server.started()) << server.log();
  auto run = run_sense(data_path("http_pipeline.pcap"),
                       fmt::format("--workers 1 --indicators-from http://127.0.0.1:{} --token {}", server.port(), token));
  expect_http_capture_hits(run);
  // The same center given in the configuration (intel.url, intel.token), with a wrong token.
  auto refused = run_sense(data_path("http_pipeline.pcap"),
                           fmt::format("--workers 1 --set intel.url=http://127.0.0.1:{} --set intel.token=wrong "
                                       "--set intel.interval=60",
                                       server.port()));
  EXPECT_EQ(refused.exit_code, 0) << refused.stderr_text;  // the sensor runs on without the center's indicators
  EXPECT_NE(refused.stderr_text.find("center answered 401"), std::string::npos) << refused.stderr_text;
  EXPECT_TRUE(intel_alerts(refused).empty());
  EXPECT_EQ(server.stop(), 0) << server.log();
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, IntelFromCenter, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::testing
