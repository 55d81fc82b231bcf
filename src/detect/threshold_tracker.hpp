#pragma once
// threshold and detection_filter state: hit counts per rule and tracked key
// (source, destination, both, the rule alone or the flow) within time windows.
// One tracker per worker; flows are pinned to workers, so by_flow is exact and the
// address-tracked kinds count what that worker saw.
#include <cstdint>
#include <unordered_map>

#include "common/ip_address.hpp"
#include "detect/alert_filter.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

struct ThresholdSubject {
  uint32_t gid = 0, sid = 0;
  IpAddress src, dst;
  uint64_t flow_id = 0;
  uint64_t now_usec = 0;
};

class ThresholdTracker {
 public:
  // For `threshold`: whether this match raises an alert. For detection_filter:
  // whether the rule counts as matched (the hit rate has passed the filter).
  bool allow(const Threshold& t, const ThresholdSubject& s);
  // For a rate_filter: whether this match comes past the filter's rate (or within
  // the timeout that followed), so that the rule's action becomes new_action.
  bool rate_exceeded(const RateFilter& f, const ThresholdSubject& s);
  size_t tracked() const { return entries_.size(); }

 private:
  struct Key {
    uint32_t gid, sid;
    uint8_t track;
    IpAddress a, b;
    uint64_t flow_id;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  struct Entry {
    uint64_t window_start_usec = 0;
    uint64_t hits = 0;
    uint64_t next_alert = 0;  // backoff
    uint64_t timeout_start_usec = 0;  // rate_filter: new_action in force since
  };
  void expire(uint64_t now_usec);
  Entry& entry(const std::string& track, bool rate, const ThresholdSubject& s);

  std::unordered_map<Key, Entry, KeyHash> entries_;
  uint64_t next_expire_usec_ = 0;
};

}  // namespace rampart::detect
