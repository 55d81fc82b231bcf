// End to end: TAXII feeds between two `rampart center` processes. The remote is a
// center whose collection receives objects through its TAXII POST; the local center
// polls it with `rampart center feed poll` and with the background poller of
// `rampart center serve` (center.yaml feeds:). Objects arrive once, a later poll
// brings only the new ones, a restarted server resumes from the saved position, and
// remotes that answer garbage or 500 are counted in /metrics and retried while the
// center keeps serving.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;
namespace asio = boost::asio;

constexpr const char* kTaxii = "application/taxii+json;version=2.1";

json indicator(int n) {
  return json{{"type", "indicator"},
              {"spec_version", "2.1"},
              {"id", fmt::format("indicator--00000000-0000-4000-8000-{:012d}", n)},
              {"created", "2024-03-01T10:00:00.000Z"},
              {"modified", "2024-03-01T10:00:00.000Z"},
              {"pattern", fmt::format("[ipv4-addr:value = '10.1.0.{}']", n)},
              {"pattern_type", "stix"},
              {"valid_from", "2024-03-01T00:00:00Z"}};
}

// A loopback listener that answers every connection with the same bytes and closes it.
class CannedRemote {
 public:
  explicit CannedRemote(std::string answer)
      : answer_(std::move(answer)), acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    thread_ = std::thread([this] { serve(); });
  }
  ~CannedRemote() {
    stopping_ = true;
    boost::system::error_code ignored;
    asio::ip::tcp::socket wake(io_);
    wake.connect(acceptor_.local_endpoint(), ignored);
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int connections() const { return connections_; }

 private:
  void serve() {
    while (!stopping_) {
      asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stopping_) continue;
      ++connections_;
      asio::streambuf request;
      asio::read_until(socket, request, "\r\n\r\n", ec);
      asio::write(socket, asio::buffer(answer_), ec);
    }
  }

  std::string answer_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::thread thread_;
};

class FeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static int counter = 0;
    remote_dir_ = fs::temp_directory_path() / fmt::format("rampart-feed-remote-{}-{}", ::getpid(), counter);
    local_dir_ = fs::temp_directory_path() / fmt::format("rampart-feed-local-{}-{}", ::getpid(), counter++);
    for (const auto& dir : {remote_dir_, local_dir_}) {
      fs::remove_all(dir);
      fs::create_directories(dir);
    }
    ASSERT_EQ(remote("org add cert-a").exit_code, 0);
    ASSERT_EQ(remote("group add peers --orgs cert-a").exit_code, 0);
    remote_collection_ = first_line(remote("collection add Remote --read peers --write peers"));
    publisher_ = first_line(remote("user add publisher --role analyst --org cert-a", "publisher pass\n"));
    feeder_ = first_line(remote("user add feeder --role viewer --org cert-a", "feeder pass\n"));
    ASSERT_EQ(local("group add locals --orgs default").exit_code, 0);
    local_collection_ = first_line(local("collection add FromPeers --read locals --write locals"));
    analyst_ = first_line(local("user add ana --role analyst", "ana pass\n"));
    remote_server_ = std::make_unique<CenterServer>(sqlite_store_args(remote_dir_));
    ASSERT_TRUE(remote_server_->started()) << remote_server_->log();
  }
  void TearDown() override {
    if (remote_server_) {
      EXPECT_EQ(remote_server_->stop(), 0) << remote_server_->log();
    }
    fs::remove_all(remote_dir_);
    fs::remove_all(local_dir_);
  }

  CommandResult remote(const std::string& args, const std::string& input = "") {
    return run_center_cli(args + " " + sqlite_store_args(remote_dir_), input);
  }
  CommandResult local(const std::string& args, const std::string& input = "") {
    return run_center_cli(args + " " + sqlite_store_args(local_dir_), input);
  }
  static std::string first_line(const CommandResult& result) {
    EXPECT_EQ(result.exit_code, 0) << result.out;
    return result.out.substr(0, result.out.find('\n'));
  }

  // Adds indicators first..first+count-1 to the remote collection through its TAXII POST.
  void publish(int first, int count) {
    json objects = json::array();
    for (int n = first; n < first + count; ++n) objects.push_back(indicator(n));
    CenterClient client(remote_server_->port());
    auto response = client.send("POST", fmt::format("/api1/collections/{}/objects/", remote_collection_), publisher_,
                                json{{"objects", objects}}.dump(), {{"Accept", kTaxii}, {"Content-Type", kTaxii}});
    ASSERT_TRUE(response);
    ASSERT_EQ(response->status, 202u) << response->body;
  }

  // center.yaml with the feed "peers" of the remote and the extra feed entries given.
  fs::path write_config(const std::string& extra_feeds = "") {
    auto path = local_dir_ / "center.yaml";
    std::ofstream(path) << fmt::format(
        "feeds:\n"
        "- name: peers\n"
        "  url: http://127.0.0.1:{}/api1/collections/{}/objects/\n"
        "  token: {}\n"
        "  into_collection: {}\n"
        "  limit: 2\n{}",
        remote_server_->port(), remote_collection_, feeder_, local_collection_, extra_feeds);
    return path;
  }

  CommandResult poll(const fs::path& config) { return local(fmt::format("feed poll peers -c '{}'", config.string())); }

  // The STIX ids in the local collection, through the local server's TAXII API.
  std::multiset<std::string> local_ids(CenterServer& server) {
    CenterClient client(server.port());
    auto response = client.send("GET", fmt::format("/api1/collections/{}/objects/?limit=1000", local_collection_),
                                analyst_, "", {{"Accept", kTaxii}});
    EXPECT_TRUE(response);
    std::multiset<std::string> ids;
    if (!response) return ids;
    EXPECT_EQ(response->status, 200u) << response->body;
    auto body = json::parse(response->body, nullptr, false);
    for (const auto& object : body.value("objects", json::array())) ids.insert(object.value("id", ""));
    return ids;
  }

  // The value of a feed counter in the local server's /metrics; -1 when absent.
  long feed_counter(CenterServer& server, const std::string& family, const std::string& feed) {
    CenterClient client(server.port());
    auto response = client.get("/metrics", analyst_);
    if (!response || response->status != 200) return -1;
    std::string prefix = fmt::format("rampart_center_feed_{}_total{{feed=\"{}\"}} ", family, feed);
    auto at = response->body.find(prefix);
    return at == std::string::npos ? -1 : std::stol(response->body.substr(at + prefix.size()));
  }

  // Waits up to 20 s for the counter to reach at least `value`.
  bool wait_for_counter(CenterServer& server, const std::string& family, const std::string& feed, long value) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
      if (feed_counter(server, family, feed) >= value) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  fs::path remote_dir_, local_dir_;
  std::string remote_collection_, local_collection_;
  std::string publisher_, feeder_, analyst_;
  std::unique_ptr<CenterServer> remote_server_;
};

TEST_F(FeedTest, PollCommandImportsOnceThenOnlyNewObjects) {
  publish(1, 3);
  auto config = write_config();
  auto first = poll(config);
  EXPECT_EQ(first.exit_code, 0);
  EXPECT_EQ(first.out, "feed peers: imported 3 objects, rejected 0 (2 pages)");
  auto again = poll(config);
  EXPECT_EQ(again.exit_code, 0);
  EXPECT_EQ(again.out, "feed peers: imported 0 objects, rejected 0 (1 pages)");
  publish(4, 2);
  auto fresh = poll(config);
  EXPECT_EQ(fresh.exit_code, 0);
  EXPECT_EQ(fresh.out, "feed peers: imported 2 objects, rejected 0 (1 pages)");

  CenterServer server(sqlite_store_args(local_dir_));
  ASSERT_TRUE(server.started()) << server.log();
  auto ids = local_ids(server);
  EXPECT_EQ(ids.size(), 5u);
  for (const auto& id : ids) EXPECT_EQ(ids.count(id), 1u) << id;
  EXPECT_EQ(server.stop(), 0);
  EXPECT_EQ(local("feed poll nosuch -c '" + config.string() + "'").exit_code, 1);
}

TEST_F(FeedTest, ServePollsInTheBackgroundAndResumesAfterARestart) {
  publish(1, 3);
  auto config = write_config();
  {
    CenterServer server(sqlite_store_args(local_dir_), fmt::format("-c '{}'", config.string()));
    ASSERT_TRUE(server.started()) << server.log();
    ASSERT_TRUE(wait_for_counter(server, "objects_imported", "peers", 3)) << server.log();
    EXPECT_EQ(local_ids(server).size(), 3u);
    EXPECT_EQ(feed_counter(server, "polls", "peers"), 1);
    EXPECT_EQ(feed_counter(server, "errors", "peers"), 0);
    EXPECT_EQ(server.stop(), 0) << server.log();
  }
  publish(4, 2);
  CenterServer restarted(sqlite_store_args(local_dir_), fmt::format("-c '{}'", config.string()));
  ASSERT_TRUE(restarted.started()) << restarted.log();
  ASSERT_TRUE(wait_for_counter(restarted, "polls", "peers", 1)) << restarted.log();
  ASSERT_TRUE(wait_for_counter(restarted, "objects_imported", "peers", 2)) << restarted.log();
  EXPECT_EQ(feed_counter(restarted, "objects_imported", "peers"), 2);
  auto ids = local_ids(restarted);
  EXPECT_EQ(ids.size(), 5u);
  for (const auto& id : ids) EXPECT_EQ(ids.count(id), 1u) << id;
  EXPECT_EQ(restarted.stop(), 0) << restarted.log();
}

TEST_F(FeedTest, GarbageAndFailingRemotesAreCountedAndRetried) {
  CannedRemote garbage("this is not HTTP at all\r\n\r\n");
  CannedRemote failing("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 4\r\nConnection: close\r\n\r\noops");
  CannedRemote junk_json(
      "HTTP/1.1 200 OK\r\nContent-Type: application/taxii+json;version=2.1\r\nContent-Length: 9\r\n"
      "Connection: close\r\n\r\n{\"more\":[");
  std::string extra;
  for (const auto& [name, remote] : {std::pair<const char*, CannedRemote*>{"garbage", &garbage},
                                     {"failing", &failing}, {"junk-json", &junk_json}})
    extra += fmt::format(
        "- name: {}\n  url: http://127.0.0.1:{}/api1/collections/x/objects/\n  into_collection: {}\n"
        "  interval: 1h\n  retry: 1s\n",
        name, remote->port(), local_collection_);
  publish(1, 1);
  auto config = write_config(extra);
  CenterServer server(sqlite_store_args(local_dir_), fmt::format("-c '{}'", config.string()));
  ASSERT_TRUE(server.started()) << server.log();
  for (const char* feed : {"garbage", "failing", "junk-json"})
    EXPECT_TRUE(wait_for_counter(server, "errors", feed, 2)) << feed << "\n" << server.log();
  EXPECT_TRUE(wait_for_counter(server, "objects_imported", "peers", 1)) << server.log();
  EXPECT_EQ(feed_counter(server, "errors", "peers"), 0);
  EXPECT_GE(failing.connections(), 2);
  CenterClient client(server.port());
  auto health = client.get("/healthz", "");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200u);
  EXPECT_EQ(server.stop(), 0) << server.log();
  EXPECT_NE(server.log().find("feed failing: poll failed: the remote answered HTTP 500: oops"), std::string::npos)
      << server.log();
}

}  // namespace
}  // namespace rampart::testing
