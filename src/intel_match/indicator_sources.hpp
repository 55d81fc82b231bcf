#pragma once
// Start-up of a sensor's indicators: a local STIX bundle file and/or a center's
// indicator feed. The bundle is read first; then, with a center, one poll runs at
// once (a failure is reported and the sensor carries on with what it has) and the
// poller keeps polling every interval on its own thread. The resulting set is
// published before start_indicators returns, so the first packet already sees it.
#include <chrono>
#include <expected>
#include <memory>
#include <string>

#include "intel_match/indicator_handle.hpp"
#include "intel_match/indicator_poller.hpp"

namespace rampart::intel_match {

struct IndicatorSources {
  std::string bundle_file;  // --indicators FILE
  std::string center_url;   // --indicators-from URL: http:// or https://
  std::string ca_file;      // https: PEM file of trusted CAs (--center-ca); empty: the system's
  std::string token;        // the sensor's token at the center
  std::chrono::seconds interval{300};
};

// Errors: an unreadable bundle, a bad center URL, an unreadable CA file, a center
// without a token. The
// poller returned (nullptr without a center) must outlive the run.
std::expected<std::unique_ptr<IndicatorPoller>, std::string> start_indicators(const IndicatorSources& sources,
                                                                             IndicatorHandle& handle,
                                                                             const IndicatorPoller::Reporter& report);

}  // namespace rampart::intel_match
