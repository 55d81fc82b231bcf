#pragma once
// Runs the feeds of center.yaml in the background: one thread polls each feed at
// start, then every `interval` after a successful poll; after a failed one it waits
// `retry`, doubling the wait with each further failure up to the interval (backoff),
// so a remote that is down or answers garbage is retried without being hammered.
// Polls happen one at a time. Every outcome is reported through the reporter, and
// per-feed counters are rendered for /metrics. Destruction stops the thread after
// the request in progress (at most its timeout).
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "center/feeds/feed_poller.hpp"

namespace rampart::center::feeds {

class FeedScheduler {
 public:
  FeedScheduler(std::vector<FeedSettings> feeds, Store& store, FeedPoller::Reporter report);
  ~FeedScheduler();
  FeedScheduler(const FeedScheduler&) = delete;
  FeedScheduler& operator=(const FeedScheduler&) = delete;

  // Prometheus text: rampart_center_feed_{polls,objects_imported,objects_rejected,errors}_total{feed="NAME"}.
  std::string render_metrics() const;

 private:
  struct Schedule {
    std::unique_ptr<FeedPoller> poller;
    std::chrono::steady_clock::time_point due;
    unsigned failures_in_a_row = 0;
  };

  void run();
  void poll(Schedule& feed);
  bool stopping();

  std::vector<Schedule> feeds_;
  FeedPoller::Reporter report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread worker_;  // last: started once everything else exists
};

// The wait before the next poll after `failures` failed polls in a row (0: the interval).
std::chrono::seconds next_poll_delay(const FeedSettings& feed, unsigned failures);

}  // namespace rampart::center::feeds
