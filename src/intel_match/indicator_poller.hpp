#pragma once
// Keeps a sensor's indicators in step with a center: GET
// CENTER/api/v1/sensor/indicators?since=VERSION with the sensor's bearer token,
// following `more` pages, applying each round to an IndicatorLibrary and publishing
// the rebuilt set through the IndicatorHandle. poll_once() runs one round on the
// caller's thread; start() repeats it every interval on a thread of its own until
// the poller is destroyed. The center is reached through an upload::HttpPoster:
// http:// or https:// (certificate and host name verified), one kept-alive connection.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "intel_match/indicator_handle.hpp"
#include "intel_match/indicator_library.hpp"
#include "upload/http_poster.hpp"

namespace rampart::intel_match {

struct PollResult {
  size_t pages = 0;
  size_t changed = 0;  // indicators added or replaced
  size_t removed = 0;
};

class IndicatorPoller {
 public:
  using Reporter = std::function<void(const std::string&)>;

  IndicatorPoller(std::unique_ptr<upload::HttpPoster> center, std::string token, IndicatorHandle& handle, IndicatorLibrary library,
                  Reporter report);
  ~IndicatorPoller();
  IndicatorPoller(const IndicatorPoller&) = delete;
  IndicatorPoller& operator=(const IndicatorPoller&) = delete;

  // One round; the set is published only when something changed (or at the first round).
  std::expected<PollResult, std::string> poll_once();
  void start(std::chrono::seconds interval);

 private:
  std::expected<std::string, std::string> fetch(const std::string& since);
  void run(std::chrono::seconds interval);

  std::unique_ptr<upload::HttpPoster> center_;
  std::string token_;
  IndicatorHandle& handle_;
  IndicatorLibrary library_;
  Reporter report_;
  bool published_ = false;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace rampart::intel_match
