#include "intel_match/indicator_poller.hpp"

#include <fmt/format.h>

#include <chrono>

namespace rampart::intel_match {

namespace {

constexpr auto kTimeout = std::chrono::seconds(60);

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Percent-encodes what is not unreserved, for the since parameter.
std::string query_escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
                 c == '_' || c == '~';
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", static_cast<unsigned char>(c));
  }
  return out;
}

}  // namespace

IndicatorPoller::IndicatorPoller(std::unique_ptr<upload::HttpPoster> center, std::string token, IndicatorHandle& handle,
                                 IndicatorLibrary library, Reporter report)
    : center_(std::move(center)),
      token_(std::move(token)),
      handle_(handle),
      library_(std::move(library)),
      report_(std::move(report)) {}

IndicatorPoller::~IndicatorPoller() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::expected<std::string, std::string> IndicatorPoller::fetch(const std::string& since) {
  std::string target = "/api/v1/sensor/indicators";
  if (!since.empty()) target += "?since=" + query_escape(since);
  auto response =
      center_->get(target, {{"Authorization", "Bearer " + token_}, {"Accept", "application/json"}}, kTimeout);
  if (!response) return std::unexpected(response.error());
  if (response->status != 200) return std::unexpected(fmt::format("center answered {}: {}", response->status, response->body));
  return std::move(response->body);
}

std::expected<PollResult, std::string> IndicatorPoller::poll_once() {
  PollResult result;
  bool more = true;
  while (more) {
    auto body = fetch(library_.version());
    if (!body) return std::unexpected(body.error());
    auto page = intel::parse_feed_page(*body);
    if (!page) return std::unexpected("bad indicator page from the center: " + page.error());
    ++result.pages;
    result.changed += page->indicators.size();
    result.removed += page->removed.size();
    more = page->more;
    library_.apply(*page);
  }
  result.removed += library_.expire(now_us());
  if (!published_ || result.changed + result.removed > 0) {
    handle_.publish(library_.build(now_us()));
    published_ = true;
  }
  return result;
}

void IndicatorPoller::start(std::chrono::seconds interval) {
  thread_ = std::thread([this, interval] { run(interval); });
}

void IndicatorPoller::run(std::chrono::seconds interval) {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval, [this] { return stop_; })) {
    lock.unlock();
    if (auto polled = poll_once(); !polled)
      report_(polled.error());
    else if (polled->changed + polled->removed > 0)
      report_(fmt::format("indicators updated: {} changed, {} removed, {} in force", polled->changed, polled->removed,
                          library_.size()));
    lock.lock();
  }
}

}  // namespace rampart::intel_match
