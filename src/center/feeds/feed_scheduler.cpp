#include "center/feeds/feed_scheduler.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace rampart::center::feeds {

std::chrono::seconds next_poll_delay(const FeedSettings& feed, unsigned failures) {
  if (failures == 0) return feed.interval;
  auto delay = feed.first_retry;
  for (unsigned i = 1; i < failures && delay < feed.interval; ++i) delay *= 2;
  return std::min(delay, std::max(feed.interval, feed.first_retry));
}

FeedScheduler::FeedScheduler(std::vector<FeedSettings> feeds, Store& store, FeedPoller::Reporter report)
    : report_(std::move(report)) {
  auto now = std::chrono::steady_clock::now();
  for (auto& settings : feeds)
    feeds_.push_back({std::make_unique<FeedPoller>(std::move(settings), store, report_), now, 0});
  if (!feeds_.empty()) worker_ = std::thread([this] { run(); });
}

FeedScheduler::~FeedScheduler() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

bool FeedScheduler::stopping() {
  std::lock_guard lock(mutex_);
  return stop_;
}

void FeedScheduler::run() {
  while (true) {
    auto due = std::min_element(feeds_.begin(), feeds_.end(),
                                [](const Schedule& a, const Schedule& b) { return a.due < b.due; });
    {
      std::unique_lock lock(mutex_);
      if (wake_.wait_until(lock, due->due, [this] { return stop_; })) return;
    }
    poll(*due);
  }
}

void FeedScheduler::poll(Schedule& feed) {
  const auto& name = feed.poller->settings().name;
  auto polled = feed.poller->poll_once([this] { return stopping(); });
  if (polled) {
    feed.failures_in_a_row = 0;
    if (polled->imported + polled->rejected > 0)
      report_(fmt::format("feed {}: imported {} objects, rejected {} ({} pages)", name, polled->imported,
                          polled->rejected, polled->pages));
  } else {
    ++feed.failures_in_a_row;
  }
  auto delay = next_poll_delay(feed.poller->settings(), feed.failures_in_a_row);
  if (!polled)
    report_(fmt::format("feed {}: poll failed: {}; retrying in {}s", name, polled.error(), delay.count()));
  feed.due = std::chrono::steady_clock::now() + delay;
}

std::string FeedScheduler::render_metrics() const {
  struct Family {
    const char* name;
    const char* help;
    std::atomic<uint64_t> FeedCounters::*counter;
  };
  static constexpr std::array<Family, 4> kFamilies{{
      {"rampart_center_feed_polls_total", "TAXII feed polls started.", &FeedCounters::polls},
      {"rampart_center_feed_objects_imported_total", "Valid STIX objects received from a TAXII feed and stored.",
       &FeedCounters::imported},
      {"rampart_center_feed_objects_rejected_total", "Invalid STIX objects received from a TAXII feed.",
       &FeedCounters::rejected},
      {"rampart_center_feed_errors_total", "TAXII feed polls that failed.", &FeedCounters::errors},
  }};
  std::string out;
  for (const auto& family : kFamilies) {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", family.name, family.help, family.name);
    for (const auto& feed : feeds_)
      out += fmt::format("{}{{feed=\"{}\"}} {}\n", family.name, feed.poller->settings().name,
                         (feed.poller->counters().*family.counter).load(std::memory_order_relaxed));
  }
  return out;
}

}  // namespace rampart::center::feeds
