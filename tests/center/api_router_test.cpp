// The API without sockets: authentication, roles, status codes and JSON bodies.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/sqlite_store.hpp"
#include "gzip_compress.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;
using testing::alert_line;
using testing::TempDir;

class ApiRouterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    sensor_token_ = *generate_api_token();
    viewer_token_ = *generate_api_token();
    ASSERT_TRUE(store_->add_sensor("edge-1", token_hash(sensor_token_), "test"));
    ASSERT_TRUE(store_->add_user("vic", Role::viewer, "h", token_hash(viewer_token_), "test"));
    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{4096});
  }

  HttpResponse send(std::string method, std::string target, const std::string& token, std::string body = "",
                    std::string content_type = "application/x-ndjson") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    if (!token.empty()) request.authorization = "Bearer " + token;
    request.content_type = std::move(content_type);
    request.body = std::move(body);
    return router_->handle(request);
  }

  static void expect_error(const HttpResponse& response, unsigned status) {
    EXPECT_EQ(response.status, status) << response.body;
    auto body = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_TRUE(body["error"].is_string());
    EXPECT_TRUE(body["detail"].is_string());
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::string sensor_token_;
  std::string viewer_token_;
};

TEST_F(ApiRouterTest, HealthNeedsNoToken) {
  auto response = send("GET", "/healthz", "");
  EXPECT_EQ(response.status, 200u);
  EXPECT_EQ(json::parse(response.body)["status"], "ok");
}

TEST_F(ApiRouterTest, EverythingElseNeedsAKnownToken) {
  auto missing = send("GET", "/api/v1/alerts", "");
  expect_error(missing, 401);
  EXPECT_TRUE(missing.bearer_challenge);
  expect_error(send("GET", "/api/v1/alerts", "rpt_unknown"), 401);
  expect_error(send("GET", "/metrics", ""), 401);
  expect_error(send("GET", "/nowhere", ""), 401);
}

TEST_F(ApiRouterTest, RolesAreEnforced) {
  expect_error(send("POST", "/api/v1/events?batch=b", viewer_token_, alert_line("2024-01-01T00:00:00Z", 1, 1, "a", "b")), 403);
  expect_error(send("GET", "/api/v1/alerts", sensor_token_), 403);
  EXPECT_EQ(send("GET", "/api/v1/alerts", viewer_token_).status, 200u);
}

TEST_F(ApiRouterTest, UnknownPathsAndWrongMethods) {
  expect_error(send("GET", "/api/v1/nothing", viewer_token_), 404);
  auto wrong = send("DELETE", "/api/v1/alerts", viewer_token_);
  expect_error(wrong, 405);
  EXPECT_EQ(wrong.allow, "GET");
  expect_error(send("GET", "/api/v1/events", sensor_token_), 405);
  expect_error(send("GET", "/api/v1/stats?x=1", viewer_token_), 400);
  expect_error(send("GET", "/api/v1/alerts?limit=nope", viewer_token_), 400);
}

TEST_F(ApiRouterTest, IngestAcknowledgesAndRetriesAreDuplicates) {
  std::string body = alert_line("2024-01-01T00:00:00Z", 7, 2, "10.0.0.1", "10.0.0.2") + "\n" +
                     R"({"timestamp":"2024-01-01T00:00:01Z","event_type":"dns"})" + "\n";
  auto first = send("POST", "/api/v1/events?batch=b-1", sensor_token_, body);
  ASSERT_EQ(first.status, 200u) << first.body;
  auto ack = json::parse(first.body);
  EXPECT_EQ(ack["batch"], "b-1");
  EXPECT_EQ(ack["alerts"], 1);
  EXPECT_EQ(ack["other_events"], 1);
  EXPECT_EQ(ack["duplicate"], false);
  auto retry = json::parse(send("POST", "/api/v1/events?batch=b-1", sensor_token_, body).body);
  EXPECT_EQ(retry["duplicate"], true);
  EXPECT_EQ(retry["alerts"], 1);

  auto alerts = json::parse(send("GET", "/api/v1/alerts", viewer_token_).body);
  ASSERT_EQ(alerts["alerts"].size(), 1u);
  EXPECT_EQ(alerts["alerts"][0]["signature_id"], 7);
  EXPECT_EQ(alerts["alerts"][0]["sensor"], "edge-1");
  EXPECT_EQ(alerts["alerts"][0]["time"], "2024-01-01T00:00:00.000000Z");
  EXPECT_EQ(alerts["alerts"][0]["event"]["alert"]["signature_id"], 7);
  EXPECT_TRUE(alerts["next"].is_null());
  auto stats = json::parse(send("GET", "/api/v1/stats", viewer_token_).body);
  EXPECT_EQ(stats["alerts"], 1);
  EXPECT_EQ(stats["other_events"]["dns"], 1);
}

TEST_F(ApiRouterTest, BatchIdComesFromTheParameterOrTheHeader) {
  std::string body = R"({"timestamp":"2024-01-01T00:00:01Z","event_type":"dns"})";
  HttpRequest request;
  request.method = "POST";
  request.target = "/api/v1/events";
  request.authorization = "Bearer " + sensor_token_;
  request.content_type = "application/x-ndjson";
  request.body = body;
  expect_error(router_->handle(request), 400);
  request.batch_header = "h-1";
  EXPECT_EQ(router_->handle(request).status, 200u);
  request.target = "/api/v1/events?batch=h-2";
  expect_error(router_->handle(request), 400);  // the two disagree
  request.target = "/api/v1/events?batch=bad%20id";
  request.batch_header.clear();
  expect_error(router_->handle(request), 400);
}

TEST_F(ApiRouterTest, IngestRejectsBadBodiesWithoutStoringAnything) {
  std::string good = alert_line("2024-01-01T00:00:00Z", 7, 2, "10.0.0.1", "10.0.0.2");
  auto malformed = send("POST", "/api/v1/events?batch=m", sensor_token_, good + "\n" + good + "\n{oops\n");
  expect_error(malformed, 400);
  EXPECT_EQ(json::parse(malformed.body)["line"], 3);
  EXPECT_NE(json::parse(malformed.body)["detail"].get<std::string>().find("line 3"), std::string::npos);
  expect_error(send("POST", "/api/v1/events?batch=t", sensor_token_, good, "text/plain"), 415);
  expect_error(send("POST", "/api/v1/events?batch=t", sensor_token_, good, ""), 415);
  EXPECT_EQ(store_->stats()->alerts, 0u);
  EXPECT_EQ(store_->stats()->batches, 0u);
  // The rejected batch id is still free.
  EXPECT_EQ(send("POST", "/api/v1/events?batch=m", sensor_token_, good).status, 200u);
}

TEST_F(ApiRouterTest, GzipBodiesAreInflatedWithinTheLimit) {
  std::string good = alert_line("2024-01-01T00:00:00Z", 9, 1, "10.0.0.1", "10.0.0.2") + "\n";
  HttpRequest request;
  request.method = "POST";
  request.target = "/api/v1/events?batch=gz";
  request.authorization = "Bearer " + sensor_token_;
  request.content_type = "application/x-ndjson; charset=utf-8";
  request.content_encoding = "gzip";
  request.body = testing::gzip_compress(good);
  auto response = router_->handle(request);
  ASSERT_EQ(response.status, 200u) << response.body;
  request.target = "/api/v1/events?batch=gz-big";
  request.body = testing::gzip_compress(std::string(5000, '\n'));  // beyond the 4096-byte limit once inflated
  expect_error(router_->handle(request), 413);
  request.body = "not gzip";
  expect_error(router_->handle(request), 400);
  request.content_encoding = "br";
  expect_error(router_->handle(request), 415);
}

TEST_F(ApiRouterTest, MetricsAreRenderedForPrometheus) {
  send("GET", "/api/v1/alerts", "");
  auto response = send("GET", "/metrics", viewer_token_);
  ASSERT_EQ(response.status, 200u);
  EXPECT_EQ(response.content_type.rfind("text/plain", 0), 0u);
  EXPECT_NE(response.body.find("rampart_center_http_responses_total{code=\"401\"} 1\n"), std::string::npos)
      << response.body;
  EXPECT_NE(response.body.find("# TYPE rampart_center_stored_alerts gauge"), std::string::npos);
}

}  // namespace
}  // namespace rampart::center
