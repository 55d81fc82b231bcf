// Notifications end to end through the API router: an incident created by an
// analyst, one escalated by PATCH and one created by correlation on ingest each
// reach a webhook receiver inside the test; /metrics shows the counters.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "center/api/api_router.hpp"
#include "center/identity/credentials.hpp"
#include "center/notify/notifier.hpp"
#include "center/store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace rampart::center {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using nlohmann::json;

// Reads `count` requests on a loopback port, answering each 200, and keeps their bodies.
class Collector {
 public:
  explicit Collector(size_t count) : acceptor_(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this, count] {
      for (size_t i = 0; i < count; ++i) {
        tcp::socket socket(context_);
        beast::error_code ec;
        acceptor_.accept(socket, ec);
        if (ec) return;
        beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::read(socket, buffer, request, ec);
        if (ec) return;
        bodies_.push_back(json::parse(request.body(), nullptr, false));
        http::response<http::string_body> response{http::status::ok, 11};
        response.prepare_payload();
        http::write(socket, response, ec);
      }
    });
  }
  // Joins the reader: call once every expected request was sent.
  std::vector<json> bodies() {
    thread_.join();
    return bodies_;
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::io_context context_;
  tcp::acceptor acceptor_;
  std::vector<json> bodies_;
  std::thread thread_;
};

TEST(IncidentNotifications, CreationEscalationAndCorrelationArePosted) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  auto analyst = *generate_api_token();
  auto sensor = *generate_api_token();
  ASSERT_TRUE((*store)->add_user("ana", Role::analyst, "h", token_hash(analyst), "test"));
  ASSERT_TRUE((*store)->add_sensor("edge-1", token_hash(sensor), "test"));
  Collector collector(3);
  notify::NotificationSettings settings;
  settings.webhooks.push_back({*notify::parse_webhook_url(fmt::format("http://127.0.0.1:{}/in", collector.port())), "", ""});
  notify::Notifier notifier(**store, settings);
  Metrics metrics;
  ApiRouter router(**store, metrics, ApiLimits{1 << 20});
  router.set_notifier(&notifier);
  auto send = [&](std::string method, std::string target, const std::string& token, std::string body,
                  std::string type = "application/json") {
    HttpRequest request;
    request.method = std::move(method);
    request.target = std::move(target);
    request.authorization = "Bearer " + token;
    request.content_type = std::move(type);
    request.body = std::move(body);
    return router.handle(request);
  };
  auto created = send("POST", "/api/v1/incidents", analyst, R"({"title": "t", "category": "other", "level": "IV"})");
  ASSERT_EQ(created.status, 201u) << created.body;
  int64_t id = json::parse(created.body)["id"];
  ASSERT_EQ(send("PATCH", fmt::format("/api/v1/incidents/{}", id), analyst, R"({"level": "II", "reason": "spread"})").status,
            200u);
  ASSERT_EQ(send("PATCH", fmt::format("/api/v1/incidents/{}", id), analyst, R"({"title": "renamed"})").status, 200u)
      << "no notice for an edit that does not raise the level";
  std::string scan;
  for (int i = 0; i < 5; ++i)
    scan += json{{"timestamp", fmt::format("2026-11-26T05:00:0{}.000000+0000", i)},
                 {"event_type", "alert"},
                 {"src_ip", "203.0.113.9"},
                 {"dest_ip", fmt::format("10.0.0.{}", i + 1)},
                 {"alert", {{"signature_id", 2000 + i}, {"severity", 2}, {"signature", "t"},
                            {"category", "Detection of a Network Scan"}}}}
                .dump() +
            "\n";
  ASSERT_EQ(send("POST", "/api/v1/events?batch=b1", sensor, scan, "application/x-ndjson").status, 200u);

  auto bodies = collector.bodies();
  ASSERT_EQ(bodies.size(), 3u);
  EXPECT_EQ(bodies[0]["event"], "incident.created");
  EXPECT_EQ(bodies[0]["incident"]["id"], id);
  EXPECT_EQ(bodies[1]["event"], "incident.escalated");
  EXPECT_EQ(bodies[1]["incident"]["id"], id);
  EXPECT_EQ(bodies[1]["previous_level"], "IV");
  EXPECT_EQ(bodies[2]["event"], "incident.created");
  EXPECT_NE(bodies[2]["incident"]["id"], id) << "the correlated scan is a new incident";
  EXPECT_EQ(bodies[2]["incident"]["level"], "III");
  for (int i = 0; i < 500 && notifier.counts().delivered < 3; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  auto page = send("GET", "/metrics", analyst, "");
  EXPECT_NE(page.body.find("rampart_notifications_total{result=\"delivered\"} 3"), std::string::npos) << page.body;
}

}  // namespace
}  // namespace rampart::center
