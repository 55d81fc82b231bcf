#include "intel_match/indicator_library.hpp"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

namespace rampart::intel_match {

void IndicatorLibrary::apply(const intel::IndicatorFeedPage& page) {
  for (const auto& id : page.removed) indicators_.erase(id);
  for (const auto& indicator : page.indicators) indicators_.insert_or_assign(indicator.id, indicator);
  version_ = page.version;
}

std::expected<BundleLoad, std::string> IndicatorLibrary::load_bundle_file(const std::string& path, int64_t now_us) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("{}: cannot open", path));
  std::ostringstream text;
  text << in.rdbuf();
  auto bundle = intel::parse_stix_bundle(text.str());
  if (!bundle) {
    std::string detail;
    for (const auto& error : bundle.error()) detail += (detail.empty() ? "" : "; ") + error.to_string();
    return std::unexpected(fmt::format("{}: {}", path, detail));
  }
  BundleLoad load;
  load.rejected = bundle->rejected.size();
  for (const auto& object : bundle->objects) {
    auto indicator = intel::deployable_indicator(object.json, now_us);
    if (!indicator) {
      ++load.skipped;
      continue;
    }
    ++load.deployed;
    indicators_.insert_or_assign(indicator->id, std::move(*indicator));
  }
  return load;
}

size_t IndicatorLibrary::expire(int64_t now_us) {
  return std::erase_if(indicators_, [now_us](const auto& item) {
    return item.second.valid_until_us && *item.second.valid_until_us <= now_us;
  });
}

std::shared_ptr<const IndicatorSet> IndicatorLibrary::build(int64_t now_us) const {
  std::vector<IndicatorEntry> entries;
  entries.reserve(indicators_.size());
  for (const auto& [id, entry] : indicators_) entries.push_back(entry);
  return IndicatorSet::build(entries, now_us);
}

}  // namespace rampart::intel_match
