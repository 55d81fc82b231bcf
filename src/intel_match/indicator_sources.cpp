#include "intel_match/indicator_sources.hpp"

#include <fmt/format.h>

namespace rampart::intel_match {

namespace {

// A page of the center's indicator feed can be large: a first poll gets everything.
constexpr uint64_t kMaxIndicatorPageBytes = 1ULL << 31;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string describe(const IndicatorSetStats& stats) {
  std::string text = fmt::format("{} indicators in force ({} address blocks, {} domains, {} URLs)", stats.indicators,
                                 stats.addresses, stats.domains, stats.urls);
  if (stats.file_hashes_unmatched > 0)
    text += fmt::format("; {} file hashes not matched: the sensor does not hash files", stats.file_hashes_unmatched);
  return text;
}

}  // namespace

std::expected<std::unique_ptr<IndicatorPoller>, std::string> start_indicators(const IndicatorSources& sources,
                                                                             IndicatorHandle& handle,
                                                                             const IndicatorPoller::Reporter& report) {
  IndicatorLibrary library;
  if (!sources.bundle_file.empty()) {
    auto loaded = library.load_bundle_file(sources.bundle_file, now_us());
    if (!loaded) return std::unexpected(loaded.error());
    report(fmt::format("{}: {} indicators deployed, {} objects skipped (not indicators, revoked, expired or not "
                       "deployable), {} invalid",
                       sources.bundle_file, loaded->deployed, loaded->skipped, loaded->rejected));
  }
  if (sources.center_url.empty()) {
    handle.publish(library.build(now_us()));
    report(describe(handle.current()->stats()));
    return nullptr;
  }
  auto url = upload::parse_center_url(sources.center_url);
  if (!url) return std::unexpected(url.error());
  if (sources.token.empty()) return std::unexpected("--indicators-from needs the sensor's --token");
  auto center = upload::HttpPoster::create(*url, sources.ca_file);
  if (!center) return std::unexpected(center.error());
  (*center)->set_response_limit(kMaxIndicatorPageBytes);
  handle.publish(library.build(now_us()));
  auto poller = std::make_unique<IndicatorPoller>(std::move(*center), sources.token, handle, std::move(library), report);
  if (auto polled = poller->poll_once(); !polled)
    report(fmt::format("indicators from {}: {} (retrying every {} s)", sources.center_url, polled.error(),
                       sources.interval.count()));
  report(describe(handle.current()->stats()));
  poller->start(sources.interval);
  return poller;
}

}  // namespace rampart::intel_match
