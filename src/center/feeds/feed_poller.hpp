#pragma once
// One poll of one TAXII 2.1 feed: GET its objects resource with
// `Accept: application/taxii+json;version=2.1` and `added_after` = the
// X-TAXII-Date-Added-Last the feed last saw (kept in the Store, so a restart resumes
// there), following `more`/`next` pages. Each object is validated by src/intel; the
// valid ones of a page are stored in the feed's local collection (like
// `rampart center import`) before the page's position is saved, the invalid ones are
// reported with their id and reason. A remote that fails, answers something other
// than 200 or a TAXII envelope, or pages without progressing ends the poll with an
// error value; objects stored by earlier pages stay stored. Counters are per feed and
// lock-free.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>

#include "center/feeds/feed_settings.hpp"
#include "center/store/store.hpp"
#include "upload/http_poster.hpp"

namespace rampart::center::feeds {

struct PollSummary {
  size_t pages = 0;
  size_t imported = 0;  // valid objects received and stored (a version already held is stored once)
  size_t rejected = 0;
};

struct FeedCounters {
  std::atomic<uint64_t> polls{0};
  std::atomic<uint64_t> imported{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<uint64_t> errors{0};
};

class FeedPoller {
 public:
  using Reporter = std::function<void(const std::string&)>;
  // Checked between pages; true ends the poll early (shutdown).
  using StopRequested = std::function<bool()>;

  FeedPoller(FeedSettings settings, Store& store, Reporter report);
  ~FeedPoller();
  FeedPoller(const FeedPoller&) = delete;
  FeedPoller& operator=(const FeedPoller&) = delete;

  std::expected<PollSummary, std::string> poll_once(const StopRequested& stop = {});

  const FeedSettings& settings() const { return settings_; }
  const FeedCounters& counters() const { return counters_; }

 private:
  std::expected<PollSummary, std::string> poll_pages(const StopRequested& stop);
  std::expected<upload::HttpResponse, std::string> fetch(const std::string& added_after, const std::string& next);

  FeedSettings settings_;
  Store& store_;
  Reporter report_;
  std::unique_ptr<upload::HttpPoster> client_;
  FeedCounters counters_;
};

}  // namespace rampart::center::feeds
