// Incidents over the API without sockets: ingest -> correlated incident with its
// category and level, transitions (409 on a refused one), assets, roles.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

using nlohmann::json;

std::string eve_alert(int second, const std::string& src, const std::string& dest, const std::string& category,
                      int severity) {
  return json{{"timestamp", fmt::format("2026-11-26T05:00:{:02}.000000+0000", second)},
              {"event_type", "alert"},
              {"src_ip", src},
              {"dest_ip", dest},
              {"alert", {{"signature_id", 2000 + second}, {"severity", severity}, {"signature", "t"},
                         {"category", category}}}}
             .dump() +
         "\n";
}

class IncidentApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened);
    store_ = std::move(*opened);
    for (auto* token : {&sensor_, &analyst_, &viewer_}) *token = *generate_api_token();
    ASSERT_TRUE(store_->add_sensor("edge-1", token_hash(sensor_), "test"));
    ASSERT_TRUE(store_->add_user("ana", Role::analyst, "h", token_hash(analyst_), "test"));
    ASSERT_TRUE(store_->add_user("vic", Role::viewer, "h", token_hash(viewer_), "test"));
    router_ = std::make_unique<ApiRouter>(*store_, metrics_, ApiLimits{1 << 20});
  }

  HttpResponse send(std::string method, std::string target, const std::string& token, std::string body = "",
                    std::string content_type = "application/json") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.authorization = "Bearer " + token;
    request.content_type = std::move(content_type);
    request.body = std::move(body);
    return router_->handle(request);
  }

  // Correlation runs after the acknowledgement: wait for it before incidents are read.
  HttpResponse ingest(const std::string& batch, const std::string& body) {
    auto response = send("POST", "/api/v1/events?batch=" + batch, sensor_, body, "application/x-ndjson");
    EXPECT_TRUE(router_->settle_correlation(std::chrono::seconds(30)));
    return response;
  }

  std::string scan_batch() {
    std::string body;
    for (int i = 0; i < 5; ++i)
      body += eve_alert(i, "203.0.113.9", fmt::format("10.0.0.{}", i + 1), "Detection of a Network Scan", 2);
    return body;
  }

  static json parse(const HttpResponse& response) { return json::parse(response.body, nullptr, false); }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  Metrics metrics_;
  std::unique_ptr<ApiRouter> router_;
  std::string sensor_, analyst_, viewer_;
};

TEST_F(IncidentApiTest, IngestedScanBecomesAnIncidentOnce) {
  ASSERT_EQ(ingest("b1", scan_batch()).status, 200u);
  auto response = send("GET", "/api/v1/incidents/1", viewer_);
  ASSERT_EQ(response.status, 200u) << response.body;
  auto incident = parse(response);
  EXPECT_EQ(incident["state"], "new");
  EXPECT_EQ(incident["category"], "network-attack");
  EXPECT_EQ(incident["level"], "III");
  EXPECT_EQ(incident["title"], "source-against-many-assets: src_ip=203.0.113.9");
  EXPECT_EQ(incident["alerts"].size(), 5u);
  EXPECT_EQ(incident["overdue"], false);
  EXPECT_EQ(incident["timeline"][0]["actor"], "correlator");

  auto retry = ingest("b1", scan_batch());
  ASSERT_EQ(retry.status, 200u);
  EXPECT_EQ(parse(retry)["duplicate"], true);
  EXPECT_EQ(parse(send("GET", "/api/v1/incidents/1", viewer_))["alerts"].size(), 5u);
  EXPECT_EQ(send("GET", "/api/v1/incidents/2", viewer_).status, 404u);
}

TEST_F(IncidentApiTest, AssetsRaiseTheLevel) {
  auto put = send("POST", "/api/v1/assets", analyst_,
                  R"({"network": "10.9.9.0/24", "organisation": "grid", "sector": "energy",
                      "critical_infrastructure": true, "protection_level": 4})");
  ASSERT_EQ(put.status, 200u) << put.body;
  auto assets = parse(send("GET", "/api/v1/assets", viewer_));
  ASSERT_EQ(assets["assets"].size(), 1u);
  EXPECT_EQ(assets["assets"][0]["sector"], "energy");

  ASSERT_EQ(ingest("b1", scan_batch()).status, 200u);
  ASSERT_EQ(ingest("b2", eve_alert(9, "203.0.113.9", "10.9.9.9", "Detection of a Network Scan", 1)).status, 200u);
  auto incident = parse(send("GET", "/api/v1/incidents/1", viewer_));
  EXPECT_EQ(incident["level"], "I");
  EXPECT_EQ(incident["alerts"].size(), 6u);
  EXPECT_EQ(incident["timeline"].back()["change"].get<std::string>().rfind("alerts linked", 0), 0u);
}

TEST_F(IncidentApiTest, BadAssetsAndRoles) {
  EXPECT_EQ(send("POST", "/api/v1/assets", viewer_, R"({"network": "10.0.0.0/8"})").status, 403u);
  EXPECT_EQ(send("POST", "/api/v1/assets", sensor_, R"({"network": "10.0.0.0/8"})").status, 403u);
  EXPECT_EQ(send("POST", "/api/v1/assets", analyst_, R"({"network": "10.0.0.0/40"})").status, 400u);
  EXPECT_EQ(send("POST", "/api/v1/assets", analyst_, R"({"network": "10.0.0.0/8", "protection_level": 7})").status,
            400u);
  EXPECT_EQ(send("POST", "/api/v1/assets", analyst_, "[1]").status, 400u);
  EXPECT_EQ(send("POST", "/api/v1/assets", analyst_, "{}", "text/plain").status, 415u);
  EXPECT_EQ(send("DELETE", "/api/v1/assets", analyst_).status, 405u);
  EXPECT_EQ(send("GET", "/api/v1/assets?x=1", viewer_).status, 400u);
}

TEST_F(IncidentApiTest, TransitionsAndConflicts) {
  ASSERT_EQ(ingest("b1", scan_batch()).status, 200u);
  auto refused = send("POST", "/api/v1/incidents/1/transition", analyst_, R"({"to": "closed"})");
  EXPECT_EQ(refused.status, 409u);
  EXPECT_EQ(parse(refused)["error"], "invalid transition");
  EXPECT_EQ(parse(refused)["detail"], "cannot go from new to closed; allowed: acknowledged");
  EXPECT_EQ(send("POST", "/api/v1/incidents/1/transition", analyst_, R"({"to": "done"})").status, 400u);
  EXPECT_EQ(send("POST", "/api/v1/incidents/1/transition", viewer_, R"({"to": "acknowledged"})").status, 403u);
  EXPECT_EQ(send("POST", "/api/v1/incidents/7/transition", analyst_, R"({"to": "acknowledged"})").status, 404u);
  EXPECT_EQ(send("GET", "/api/v1/incidents/1/transition", analyst_).status, 405u);
  EXPECT_EQ(send("GET", "/api/v1/incidents/x", analyst_).status, 404u);
  auto moved = send("POST", "/api/v1/incidents/1/transition", analyst_, R"({"to": "acknowledged"})");
  ASSERT_EQ(moved.status, 200u) << moved.body;
  auto incident = parse(moved);
  EXPECT_EQ(incident["state"], "acknowledged");
  EXPECT_EQ(incident["timeline"].back()["actor"], "user:ana");
  EXPECT_EQ(incident["timeline"].back()["change"], "state: new -> acknowledged");
  EXPECT_EQ(store_->audit_log(1)->front().action, "incident.transition");
}

}  // namespace
}  // namespace rampart::center
