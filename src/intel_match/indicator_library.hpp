#pragma once
// The sensor's indicators by id, changed by the pages of the center's indicator feed
// or filled from a STIX bundle file, and turned into an IndicatorSet to publish.
// Not thread-safe: one updater owns it.
#include <cstdint>
#include <expected>
#include <map>
#include <memory>
#include <string>

#include "intel/deployable_indicator.hpp"
#include "intel_match/indicator_set.hpp"

namespace rampart::intel_match {

struct BundleLoad {
  size_t deployed = 0;
  size_t skipped = 0;   // not indicators, revoked, expired or not deployable
  size_t rejected = 0;  // invalid STIX objects
};

class IndicatorLibrary {
 public:
  void apply(const intel::IndicatorFeedPage& page);
  // Reads a STIX 2.1 bundle file and adds its deployable indicators.
  std::expected<BundleLoad, std::string> load_bundle_file(const std::string& path, int64_t now_us);

  // Drops the indicators whose valid_until has passed; returns how many.
  size_t expire(int64_t now_us);
  std::shared_ptr<const IndicatorSet> build(int64_t now_us) const;
  const std::string& version() const { return version_; }
  size_t size() const { return indicators_.size(); }

 private:
  std::map<std::string, IndicatorEntry> indicators_;
  std::string version_;
};

}  // namespace rampart::intel_match
