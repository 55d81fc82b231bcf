// The feeds' background thread: the backoff after failed polls, a failing remote
// retried and counted without stopping the other feeds, and the /metrics lines.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "center/feeds/feed_scheduler.hpp"
#include "center/store/sqlite_store.hpp"
#include "feed_remote.hpp"
#include "temp_dir.hpp"

namespace rampart::center::feeds {
namespace {

using std::chrono::seconds;

constexpr const char* kLocalCollection = "0a1b2c3d-0000-4000-8000-000000000003";

TEST(FeedBackoff, DoublesFromTheRetryUpToTheInterval) {
  FeedSettings feed;
  feed.interval = seconds(600);
  feed.first_retry = seconds(30);
  EXPECT_EQ(next_poll_delay(feed, 0), seconds(600));
  EXPECT_EQ(next_poll_delay(feed, 1), seconds(30));
  EXPECT_EQ(next_poll_delay(feed, 2), seconds(60));
  EXPECT_EQ(next_poll_delay(feed, 4), seconds(240));
  EXPECT_EQ(next_poll_delay(feed, 5), seconds(480));
  EXPECT_EQ(next_poll_delay(feed, 6), seconds(600));
  EXPECT_EQ(next_poll_delay(feed, 1000), seconds(600));
  feed.first_retry = seconds(900);  // a retry longer than the interval is kept
  EXPECT_EQ(next_poll_delay(feed, 3), seconds(900));
}

// The counter line of the feed in Prometheus text, as a number (-1 when absent).
long counter(const std::string& metrics, const std::string& family, const std::string& feed) {
  std::string prefix = family + "{feed=\"" + feed + "\"} ";
  auto at = metrics.find(prefix);
  return at == std::string::npos ? -1 : std::stol(metrics.substr(at + prefix.size()));
}

TEST(FeedScheduler, PollsAtStartAndRetriesAFailingRemoteWithBackoff) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store) << store.error().detail;
  ASSERT_TRUE((*store)->add_collection({kLocalCollection, "Local", "", false, false}, {}, {}, "test"));
  testing::FeedRemote failing([](const HttpRequest&) { return HttpResponse{500, "text/plain", "down", "", false, {}}; });
  testing::FeedRemote empty([](const HttpRequest&) {
    return HttpResponse{200, "application/taxii+json;version=2.1", R"({"more": false})", "", false, {}};
  });
  auto settings = [&](const std::string& name, const testing::FeedRemote& remote) {
    FeedSettings feed;
    feed.name = name;
    feed.objects_url = *upload::parse_center_url(remote.url("/api1/collections/x/objects/"));
    feed.into_collection = kLocalCollection;
    feed.interval = seconds(3600);
    feed.first_retry = seconds(1);
    return feed;
  };
  std::vector<std::string> reports;
  std::mutex reports_mutex;
  auto scheduler = std::make_unique<FeedScheduler>(
      std::vector<FeedSettings>{settings("down", failing), settings("idle", empty)}, **store,
      [&](const std::string& line) {
        std::lock_guard lock(reports_mutex);
        reports.push_back(line);
      });
  // Failures at about 0 s, 1 s and 3 s: three polls within 6 s, not one per interval.
  auto deadline = std::chrono::steady_clock::now() + seconds(6);
  while (counter(scheduler->render_metrics(), "rampart_center_feed_errors_total", "down") < 3 &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  std::string metrics = scheduler->render_metrics();
  scheduler.reset();
  EXPECT_EQ(counter(metrics, "rampart_center_feed_errors_total", "down"), 3) << metrics;
  EXPECT_EQ(counter(metrics, "rampart_center_feed_polls_total", "down"), 3) << metrics;
  EXPECT_EQ(counter(metrics, "rampart_center_feed_polls_total", "idle"), 1) << metrics;
  EXPECT_EQ(counter(metrics, "rampart_center_feed_errors_total", "idle"), 0) << metrics;
  EXPECT_EQ(counter(metrics, "rampart_center_feed_objects_imported_total", "idle"), 0) << metrics;
  EXPECT_EQ(counter(metrics, "rampart_center_feed_objects_rejected_total", "idle"), 0) << metrics;
  EXPECT_NE(metrics.find("# TYPE rampart_center_feed_polls_total counter"), std::string::npos);
  EXPECT_EQ(failing.requests().size(), 3u);
  std::lock_guard lock(reports_mutex);
  ASSERT_FALSE(reports.empty());
  EXPECT_NE(reports[0].find("feed down: poll failed: the remote answered HTTP 500: down; retrying in 1s"),
            std::string::npos)
      << reports[0];
}

TEST(FeedScheduler, WithoutFeedsNothingRuns) {
  testing::TempDir dir;
  auto store = open_sqlite_store(dir.path());
  ASSERT_TRUE(store);
  FeedScheduler scheduler({}, **store, [](const std::string&) {});
  EXPECT_EQ(scheduler.render_metrics().find("{feed="), std::string::npos);
}

}  // namespace
}  // namespace rampart::center::feeds
