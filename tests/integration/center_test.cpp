// End to end: `rampart center serve` on a free loopback port, tokens made with the
// CLI, driven over HTTP: ingest, idempotent retry, gzip, filters, pagination,
// error bodies, authentication, keep-alive, config limits and graceful shutdown.
// Every test runs on SQLite and on a PostgreSQL server the tests start.
#include <gtest/gtest.h>

#include <fstream>
#include <latch>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <vector>

#include "center/gzip_compress.hpp"
#include "center_support/postgres_server.hpp"
#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// 2024-01-01T00:00:SSZ, 1704067200 + second.
std::string fmt_time(int second) {
  return "2024-01-01T00:00:" + std::string(second < 10 ? "0" : "") + std::to_string(second) + "Z";
}

std::string alert(int sid, int severity, const std::string& src, const std::string& dest, int second) {
  json event{{"timestamp", fmt_time(second)},
             {"event_type", "alert"},
             {"src_ip", src},
             {"dest_ip", dest},
             {"alert", {{"signature_id", sid}, {"severity", severity}, {"signature", "sig " + std::to_string(sid)}}}};
  return event.dump() + "\n";
}

class CenterTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    static int counter = 0;
    data_ = fs::temp_directory_path() /
            ("rampart-center-it-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(data_);
    fs::create_directories(data_);
    if (GetParam() == "postgres") {
      auto& postgres = center::testing::PostgresServer::shared();
      ASSERT_TRUE(postgres.running()) << postgres.failure();
      store_ = postgres_store_args(postgres.create_database());
    } else {
      store_ = sqlite_store_args(data_);
    }
    auto sensor = run_center_cli("sensor add edge-1 " + store_);
    ASSERT_EQ(sensor.exit_code, 0);
    sensor_token_ = sensor.out;
    auto analyst = run_center_cli("user add ana --role analyst " + store_, "s3cret pass\n");
    ASSERT_EQ(analyst.exit_code, 0);
    analyst_token_ = analyst.out;
    ASSERT_EQ(sensor_token_.rfind("rpt_", 0), 0u) << sensor_token_;
    ASSERT_EQ(analyst_token_.rfind("rpt_", 0), 0u) << analyst_token_;
  }
  void TearDown() override { fs::remove_all(data_); }

  fs::path data_;
  std::string store_;  // the --data or --db arguments
  std::string sensor_token_;
  std::string analyst_token_;
};

void expect_json_error(const std::optional<ClientResponse>& response, unsigned status) {
  ASSERT_TRUE(response.has_value());
  EXPECT_EQ(response->status, status) << response->body;
  auto body = json::parse(response->body, nullptr, false);
  ASSERT_TRUE(body.is_object()) << response->body;
  EXPECT_TRUE(body["error"].is_string()) << response->body;
  EXPECT_TRUE(body["detail"].is_string()) << response->body;
  EXPECT_EQ(response->headers.at("content-type"), "application/json");
}

TEST_P(CenterTest, CliRefusesBadInput) {
  EXPECT_NE(run_center_cli("user add bob --role sensor " + store_, "pw\n").exit_code, 0);
  EXPECT_NE(run_center_cli("user add bob --role admin " + store_, "").exit_code, 0);
  EXPECT_NE(run_center_cli("sensor add edge-1 " + store_).exit_code, 0);  // taken
  EXPECT_NE(run_center_cli("sensor add edge-2").exit_code, 0);          // no store
}

TEST_P(CenterTest, HealthAndAuthentication) {
  CenterServer server(store_);
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  auto health = client.get("/healthz", "");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200u);
  auto missing = client.get("/api/v1/alerts", "");
  expect_json_error(missing, 401);
  EXPECT_EQ(missing->headers.at("www-authenticate"), "Bearer");
  expect_json_error(client.get("/api/v1/alerts", "rpt_0000"), 401);
  expect_json_error(client.get("/api/v1/alerts", sensor_token_), 403);
  expect_json_error(client.post_events("x", analyst_token_, alert(1, 1, "a", "b", 0)), 403);
  expect_json_error(client.get("/api/v1/nothing", analyst_token_), 404);
  expect_json_error(client.send("PUT", "/api/v1/alerts", analyst_token_), 405);
  expect_json_error(client.send("POST", "/api/v1/events?batch=x", sensor_token_, "{}", {{"Content-Type", "text/csv"}}),
                    415);
  expect_json_error(client.get("/api/v1/alerts?since=never", analyst_token_), 400);
  // Every exchange above ran on one keep-alive connection.
  EXPECT_EQ(client.connections_opened(), 1);
  auto metrics = client.get("/metrics", analyst_token_);
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200u);
  EXPECT_NE(metrics->body.find("rampart_center_http_responses_total{code=\"401\"} 2"), std::string::npos)
      << metrics->body;
  EXPECT_EQ(server.stop(), 0) << server.log();
}

TEST_P(CenterTest, IngestRetryGzipAndMalformedBatches) {
  CenterServer server(store_);
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  std::string body = alert(1001, 1, "10.0.0.1", "10.0.0.2", 1) + alert(1002, 2, "10.0.0.3", "10.0.0.2", 2) +
                     R"({"timestamp":"2024-01-01T00:00:03Z","event_type":"flow"})" + "\n";
  auto first = client.post_events("batch-1", sensor_token_, body);
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200u) << first->body;
  EXPECT_EQ(json::parse(first->body), (json{{"batch", "batch-1"}, {"alerts", 2}, {"other_events", 1}, {"duplicate", false}}));
  auto retry = client.post_events("batch-1", sensor_token_, body);
  ASSERT_TRUE(retry);
  EXPECT_EQ(json::parse(retry->body), (json{{"batch", "batch-1"}, {"alerts", 2}, {"other_events", 1}, {"duplicate", true}}));

  auto gzipped = client.send("POST", "/api/v1/events", sensor_token_,
                             center::testing::gzip_compress(alert(1003, 3, "10.0.0.9", "10.0.0.2", 4)),
                             {{"Content-Type", "application/x-ndjson"}, {"Content-Encoding", "gzip"},
                              {"X-Rampart-Batch", "batch-gz"}});
  ASSERT_TRUE(gzipped);
  EXPECT_EQ(gzipped->status, 200u) << gzipped->body;

  auto malformed = client.post_events("batch-bad", sensor_token_, alert(1004, 1, "a", "b", 5) + "{\"event_type\":\n");
  expect_json_error(malformed, 400);
  EXPECT_EQ(json::parse(malformed->body)["line"], 2);
  expect_json_error(client.post_events("batch-bad", sensor_token_, ""), 400);

  auto stats = json::parse(client.get("/api/v1/stats", analyst_token_)->body);
  EXPECT_EQ(stats["alerts"], 3);
  EXPECT_EQ(stats["batches"], 2);
  EXPECT_EQ(stats["other_events"]["flow"], 1);
  auto sensors = json::parse(client.get("/api/v1/sensors", analyst_token_)->body);
  ASSERT_EQ(sensors["sensors"].size(), 1u);
  EXPECT_EQ(sensors["sensors"][0]["name"], "edge-1");
  EXPECT_EQ(sensors["sensors"][0]["alerts"], 3);
  EXPECT_EQ(server.stop(), 0);
}

TEST_P(CenterTest, FiltersAndPagination) {
  CenterServer server(store_);
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  std::string body;
  for (int i = 0; i < 25; ++i)
    body += alert(2000 + i % 5, 1 + i % 3, "10.1.0." + std::to_string(i % 4), "10.2.0." + std::to_string(i % 2), i);
  ASSERT_EQ(client.post_events("many", sensor_token_, body)->status, 200u);

  auto count = [&](const std::string& query) {
    auto response = client.get("/api/v1/alerts?limit=1000&" + query, analyst_token_);
    EXPECT_EQ(response->status, 200u) << response->body;
    return json::parse(response->body)["alerts"].size();
  };
  EXPECT_EQ(count("signature_id=2001"), 5u);
  EXPECT_EQ(count("src_ip=10.1.0.1"), 6u);  // i = 1, 5, 9, 13, 17, 21
  EXPECT_EQ(count("dest_ip=10.2.0.0"), 13u);
  EXPECT_EQ(count("ip=10.1.0.0"), 7u);
  EXPECT_EQ(count("min_severity=1"), 9u);
  EXPECT_EQ(count("sensor=edge-1"), 25u);
  EXPECT_EQ(count("sensor=other"), 0u);
  EXPECT_EQ(count("since=2024-01-01T00:00:10Z&until=2024-01-01T00:00:20Z"), 10u);
  EXPECT_EQ(count("since=1704067210"), 15u);

  std::set<int> seconds;
  std::string next;
  int pages = 0;
  do {
    auto response = client.get("/api/v1/alerts?limit=7" + (next.empty() ? "" : "&next=" + next), analyst_token_);
    ASSERT_EQ(response->status, 200u) << response->body;
    auto page = json::parse(response->body);
    for (const auto& a : page["alerts"]) seconds.insert(std::stoi(a["time"].get<std::string>().substr(17, 2)));
    next = page["next"].is_null() ? "" : page["next"].get<std::string>();
    ++pages;
  } while (!next.empty());
  EXPECT_EQ(pages, 4);
  EXPECT_EQ(seconds.size(), 25u);
  expect_json_error(client.get("/api/v1/alerts?next=00ff", analyst_token_), 400);
}

TEST_P(CenterTest, ConfigFileLimitsTheRequestSize) {
  auto config = data_ / "center.yaml";
  std::ofstream(config) << "listen: 127.0.0.1:1\nlimits:\n  max-body-bytes: 2048\n";
  CenterServer server(store_, "-c '" + config.string() + "'");  // --listen overrides the file's port
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  std::string body;
  for (int i = 0; i < 40; ++i) body += alert(1, 1, "10.0.0.1", "10.0.0.2", i);
  expect_json_error(client.post_events("big", sensor_token_, body), 413);
  CenterClient again(server.port());
  EXPECT_EQ(again.post_events("small", sensor_token_, alert(1, 1, "a", "b", 0))->status, 200u);
  EXPECT_EQ(server.stop(), 0);
}

TEST_P(CenterTest, BadConfigIsReported) {
  auto config = data_ / "center.yaml";
  std::ofstream(config) << "limits:\n  max-body-bytes: lots\n";
  CenterServer server(store_, "-c '" + config.string() + "'");
  EXPECT_FALSE(server.started());
  EXPECT_NE(server.log().find("max-body-bytes"), std::string::npos) << server.log();
}

TEST_P(CenterTest, BadTargetAndBadGzipGet400) {
  CenterServer server(store_);
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  expect_json_error(client.send("GET", "/api/v1/alerts?x=%zz", analyst_token_), 400);
  auto response = client.send("POST", "/api/v1/events?batch=bad", sensor_token_, "\x1f\x8b garbage",
                              {{"Content-Type", "application/x-ndjson"}, {"Content-Encoding", "gzip"}});
  expect_json_error(response, 400);
  EXPECT_EQ(server.stop(), 0);
}

TEST_P(CenterTest, MalformedHttpGetsAJson400AndOversizedHeadersA413) {
  CenterServer server(store_);
  ASSERT_TRUE(server.started()) << server.log();
  auto garbage = exchange_raw(server.port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(garbage.rfind("HTTP/1.1 400", 0), 0u) << garbage;
  EXPECT_NE(garbage.find("\"error\":\"bad request\""), std::string::npos) << garbage;
  auto bad_length = exchange_raw(server.port(), "POST /api/v1/events HTTP/1.1\r\nContent-Length: x\r\n\r\n");
  EXPECT_EQ(bad_length.rfind("HTTP/1.1 400", 0), 0u) << bad_length;
  auto huge_header =
      exchange_raw(server.port(), "GET /healthz HTTP/1.1\r\nX-Filler: " + std::string(40000, 'a') + "\r\n\r\n");
  EXPECT_EQ(huge_header.rfind("HTTP/1.1 413", 0), 0u) << huge_header.substr(0, 200);
  // The server is still serving.
  CenterClient client(server.port());
  EXPECT_EQ(client.get("/healthz", "")->status, 200u);
  EXPECT_EQ(server.stop(), 0);
}

// Connections opened at once are all accepted and served, each keeps its keep-alive
// connection on its request thread, and a shutdown with all of them idle ends cleanly.
TEST_P(CenterTest, ConnectionsOpenedAtOnceAreServedAndShutDown) {
  CenterServer server(store_);
  ASSERT_TRUE(server.started()) << server.log();
  constexpr int kConnections = 48;
  std::vector<std::unique_ptr<CenterClient>> clients;
  for (int i = 0; i < kConnections; ++i) clients.push_back(std::make_unique<CenterClient>(server.port()));
  std::vector<int> served(kConnections, 0);
  std::latch start(kConnections);
  std::vector<std::thread> threads;
  for (int i = 0; i < kConnections; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      for (int request = 0; request < 3; ++request) {
        auto response = clients[i]->get("/api/v1/alerts?limit=5", analyst_token_);
        if (response && response->status == 200u) ++served[i];
      }
    });
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < kConnections; ++i) {
    EXPECT_EQ(served[i], 3) << "connection " << i;
    EXPECT_EQ(clients[i]->connections_opened(), 1) << "connection " << i;
  }
  EXPECT_EQ(server.stop(), 0) << server.log();
}

INSTANTIATE_TEST_SUITE_P(Stores, CenterTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& test) { return test.param; });

}  // namespace
}  // namespace rampart::testing
