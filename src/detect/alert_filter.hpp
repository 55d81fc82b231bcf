#pragma once
// What threshold.config adds to a rule besides a threshold: suppressions (never
// alert, or not for listed source/destination addresses) and a rate_filter (past
// `count` matches in `seconds`, the rule's action becomes new_action for
// `timeout` seconds). Attached to the Signature when the rule set is loaded and
// read by the Detector when a rule matches.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/ip_address.hpp"
#include "detect/address_set.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

enum class SuppressTrack : uint8_t { All, Src, Dst, Either };

struct Suppression {
  SuppressTrack track = SuppressTrack::All;
  AddressSet addresses;  // unused for All
};

struct RateFilter {
  std::string track;  // by_src, by_dst, by_rule, by_both
  uint32_t count = 0;
  uint32_t seconds = 0;
  Action new_action = Action::Alert;
  uint32_t timeout = 0;
};

struct AlertFilters {
  std::vector<Suppression> suppressions;
  std::optional<RateFilter> rate_filter;
};

bool address_in(const AddressSet& set, const IpAddress& address);

// Whether one of the suppressions holds for an alert from src to dst.
bool is_suppressed(const AlertFilters& filters, const IpAddress& src, const IpAddress& dst);

}  // namespace rampart::detect
