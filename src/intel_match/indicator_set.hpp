#pragma once
// The indicators a sensor matches on traffic, built once and then read by every
// worker without locks (it is immutable). Each indicator becomes one alert rule
// (gid 2, signature "Rampart intel: <name>", metadata stix_indicator_id) so hits are
// written as ordinary EVE alerts. Lookups are hash-set probes: addresses per prefix
// length present (most specific first), domains exact then each parent domain,
// URLs by normalised host + request target. File-hash indicators are counted but
// not matched: the sensor does not hash transferred files (there is no file
// extraction yet).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/ip_address.hpp"
#include "detect/rule_set.hpp"
#include "intel/deployable_indicator.hpp"

namespace rampart::intel_match {

using IndicatorEntry = intel::DeployableIndicator;

struct IndicatorSetStats {
  size_t indicators = 0;
  size_t addresses = 0;  // IPv4 and IPv6 blocks
  size_t domains = 0;
  size_t urls = 0;
  size_t file_hashes_unmatched = 0;  // loaded but not matchable (no file hashing)
};

constexpr uint32_t kIntelGid = 2;

// "http://User@Evil.Example:80/a?b" -> "evil.example/a?b"; nullopt when not a URL with a host.
std::optional<std::string> url_match_key(std::string_view url);
// The key of an HTTP request: host (lower case, default port dropped) + request target.
std::string request_match_key(std::string_view host, std::string_view uri);

class IndicatorSet {
 public:
  // Entries whose valid_until is at or before now_us are left out.
  static std::shared_ptr<const IndicatorSet> build(const std::vector<IndicatorEntry>& entries, int64_t now_us);

  const detect::CompiledRule* match_address(const IpAddress& address) const;
  const detect::CompiledRule* match_domain(std::string_view name) const;
  const detect::CompiledRule* match_request(std::string_view host, std::string_view uri) const;

  const IndicatorSetStats& stats() const { return stats_; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  using StringIndex = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;
  struct V6Key {
    uint64_t high = 0, low = 0;
    int prefix = 0;
    bool operator==(const V6Key&) const = default;
  };
  struct V6Hash {
    size_t operator()(const V6Key& k) const {
      return std::hash<uint64_t>{}(k.high * 0x9E3779B97F4A7C15ULL ^ k.low ^ static_cast<uint64_t>(k.prefix) << 56);
    }
  };

  void add(const intel::SensorIndicator& observable, uint32_t rule);
  const detect::CompiledRule* find(const StringIndex& index, std::string_view key) const;

  std::vector<detect::CompiledRule> rules_;
  std::unordered_map<uint64_t, uint32_t> v4_;  // (prefix << 32 | masked address) -> rule
  std::vector<int> v4_prefixes_;                // present prefix lengths, longest first
  std::unordered_map<V6Key, uint32_t, V6Hash> v6_;
  std::vector<int> v6_prefixes_;
  StringIndex domains_;
  StringIndex urls_;
  IndicatorSetStats stats_;
};

}  // namespace rampart::intel_match
