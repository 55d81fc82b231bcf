// Webhook notifications against a receiver inside the test (Boost.Beast on a
// loopback port): a created incident is POSTed with its id and level and an
// HMAC-SHA256 signature; a receiver that fails is retried with backoff until it
// answers 2xx; an unreachable one is given up after max_attempts. URLs are checked.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "center/notify/notifier.hpp"
#include "notifier_settle.hpp"
#include "center/store/sqlite_store.hpp"
#include "temp_dir.hpp"

namespace rampart::center::notify {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// Answers the i-th request with statuses[i] (the last one for any further request)
// and keeps every request it read.
class Receiver {
 public:
  explicit Receiver(std::vector<unsigned> statuses)
      : statuses_(std::move(statuses)), acceptor_(context_, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~Receiver() {
    stopping_ = true;
    beast::error_code ignored;
    tcp::socket poke(context_);
    poke.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }

  uint16_t port() const { return acceptor_.local_endpoint().port(); }

  // Waits up to 20 s for `count` requests.
  std::vector<http::request<http::string_body>> wait_for(size_t count) {
    std::unique_lock lock(mutex_);
    arrived_.wait_for(lock, std::chrono::seconds(20), [&] { return requests_.size() >= count; });
    return requests_;
  }

 private:
  void serve() {
    while (!stopping_) {
      tcp::socket socket(context_);
      beast::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      beast::flat_buffer buffer;
      http::request<http::string_body> request;
      http::read(socket, buffer, request, ec);
      if (ec) continue;
      size_t index = 0;
      {
        std::lock_guard lock(mutex_);
        index = requests_.size();
        requests_.push_back(request);
      }
      arrived_.notify_all();
      http::response<http::string_body> response{static_cast<http::status>(statuses_[std::min(index, statuses_.size() - 1)]),
                                                 11};
      response.body() = "{}";
      response.prepare_payload();
      http::write(socket, response, ec);
    }
  }

  std::vector<unsigned> statuses_;
  asio::io_context context_;
  tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::vector<http::request<http::string_body>> requests_;
  std::thread thread_;
};

class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    NewIncident incident{"ransomware", "harmful-program", 2, "", 1'700'000'000'000'000, 1000, {}};
    auto created = store_->create_incident(incident, "test");
    ASSERT_TRUE(created && created->created_id);
    incident_id_ = *created->created_id;
  }

  NotificationSettings settings(uint16_t port, std::string secret) {
    auto url = parse_webhook_url("http://127.0.0.1:" + std::to_string(port) + "/hooks/rampart");
    EXPECT_TRUE(url) << url.error();
    NotificationSettings out;
    out.webhooks.push_back({*url, std::move(secret), {}});
    out.first_retry = std::chrono::milliseconds(20);
    out.max_attempts = 4;
    out.timeout = std::chrono::milliseconds(2000);
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t incident_id_ = 0;
};

TEST_F(NotifierTest, CreatedIncidentIsPostedAndSigned) {
  Receiver receiver({200});
  Notifier notifier(*store_, settings(receiver.port(), "s3cret"));
  ASSERT_TRUE(notifier.notify({IncidentEvent::created, incident_id_, std::nullopt}));
  auto requests = receiver.wait_for(1);
  ASSERT_EQ(requests.size(), 1u);
  const auto& request = requests[0];
  EXPECT_EQ(request.method(), http::verb::post);
  EXPECT_EQ(request.target(), "/hooks/rampart");
  EXPECT_EQ(request[http::field::content_type], "application/json");
  EXPECT_EQ(std::string(request["X-Rampart-Signature"]), "sha256=" + hmac_sha256_hex("s3cret", request.body()));
  auto body = nlohmann::json::parse(request.body());
  EXPECT_EQ(body["event"], "incident.created");
  EXPECT_EQ(body["incident"]["id"], incident_id_);
  EXPECT_EQ(body["incident"]["level"], "II");
  EXPECT_EQ(body["incident"]["title"], "ransomware");
  EXPECT_EQ(settle(notifier, 1).delivered, 1u);
  EXPECT_NE(notifier.render_metrics().find("rampart_notifications_total{result=\"delivered\"} 1"), std::string::npos);
}

TEST_F(NotifierTest, FailingReceiverIsRetried) {
  Receiver receiver({503, 500, 200});
  Notifier notifier(*store_, settings(receiver.port(), ""));
  ASSERT_TRUE(notifier.notify({IncidentEvent::escalated, incident_id_, 4}));
  auto requests = receiver.wait_for(3);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[2].body(), requests[0].body()) << "the same notice each time";
  EXPECT_TRUE(std::string(requests[0]["X-Rampart-Signature"]).empty()) << "no secret, no signature";
  auto body = nlohmann::json::parse(requests[2].body());
  EXPECT_EQ(body["event"], "incident.escalated");
  EXPECT_EQ(body["previous_level"], "IV");
  auto counts = settle(notifier, 1);
  EXPECT_EQ(counts.delivered, 1u);
  EXPECT_EQ(counts.retried, 2u);
  EXPECT_EQ(counts.failed, 0u);
}

TEST_F(NotifierTest, UnreachableReceiverIsGivenUp) {
  uint16_t closed_port = 0;
  {
    asio::io_context context;
    tcp::acceptor probe(context, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    closed_port = probe.local_endpoint().port();
  }
  Notifier notifier(*store_, settings(closed_port, ""));
  ASSERT_TRUE(notifier.notify({IncidentEvent::created, incident_id_, std::nullopt}));
  auto counts = settle(notifier, 1);
  EXPECT_EQ(counts.failed, 1u);
  EXPECT_EQ(counts.retried, 3u) << "max_attempts 4: three waits";
  EXPECT_EQ(counts.delivered, 0u);
}

TEST(WebhookUrls, HttpAndHttps) {
  auto url = parse_webhook_url("http://hooks.example:8080/a/b?c=d");
  ASSERT_TRUE(url) << url.error();
  EXPECT_EQ(url->host, "hooks.example");
  EXPECT_EQ(url->port, 8080);
  EXPECT_EQ(url->target, "/a/b?c=d");
  auto v6 = parse_webhook_url("http://[::1]");
  ASSERT_TRUE(v6) << v6.error();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 80);
  EXPECT_EQ(v6->target, "/");
  auto tls = parse_webhook_url("https://hooks.example/in?k=v");
  ASSERT_TRUE(tls) << tls.error();
  EXPECT_TRUE(tls->tls);
  EXPECT_EQ(tls->port, 443);
  EXPECT_EQ(tls->target, "/in?k=v");
  EXPECT_FALSE(url->tls);
  for (const char* bad : {"ftp://x", "http://", "https://", "http://x:0/", "http://x:70000", "http://x:8a",
                          "http://[::1/"})
    EXPECT_FALSE(parse_webhook_url(bad)) << bad;
  EXPECT_EQ(hmac_sha256_hex("key", "The quick brown fox jumps over the lazy dog"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
}

}  // namespace
}  // namespace rampart::center::notify
