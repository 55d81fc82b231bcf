#pragma once
// threshold, detection_filter and rate_filter state: hit counts per rule and tracked
// key (source, destination, address pair, the rule alone, or the flow) within time
// windows. Safe to share between threads: entries live in kShards maps, each behind
// its own mutex and picked by the key's hash. The entry count is bounded by a
// memory cap (an estimate per entry); idle entries expire, and when a shard is
// full a key not tracked yet is judged as a first hit without being stored
// (counted as memcap_refused). The sensor shares one tracker between all workers
// for the address- and rule-tracked kinds (Suricata's host table) and gives each
// worker its own for by_flow, since flows are pinned to workers.
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
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

struct ThresholdTrackerStats {
  uint64_t entries = 0;
  uint64_t memuse = 0;  // entries times the estimated size of one
  uint64_t memcap = 0;
  uint64_t memcap_refused = 0;  // keys judged without being stored: the cap was reached
  uint64_t expired = 0;
};

class ThresholdTracker {
 public:
  static constexpr size_t kShards = 16;
  static constexpr size_t kDefaultMemcap = 16u << 20;

  explicit ThresholdTracker(size_t memcap = kDefaultMemcap);

  // For `threshold`: whether this match raises an alert. For detection_filter:
  // whether the rule counts as matched (the hit rate has passed the filter).
  bool allow(const Threshold& t, const ThresholdSubject& s);
  // For a rate_filter: whether this match comes past the filter's rate (or within
  // the timeout that followed), so that the rule's action becomes new_action.
  bool rate_exceeded(const RateFilter& f, const ThresholdSubject& s);
  size_t tracked() const;
  ThresholdTrackerStats stats() const;

  struct Key {
    uint32_t gid, sid;
    uint8_t track;
    IpAddress a, b;
    uint64_t flow_id;
    bool operator==(const Key&) const = default;
  };
  struct Entry {
    uint64_t window_start_usec = 0;
    uint64_t hits = 0;
    uint64_t next_alert = 0;          // backoff
    uint64_t timeout_start_usec = 0;  // rate_filter: new_action in force since
  };

 private:
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  struct Shard {
    std::mutex mutex;
    std::unordered_map<Key, Entry, KeyHash> entries;
    uint64_t next_expire_usec = 0;
    uint64_t refused = 0, expired = 0;
  };

  // Runs judge on the key's entry under its shard's lock.
  template <typename Judge>
  bool judge(const std::string& track, bool rate, const ThresholdSubject& s, Judge&& judge_entry);
  void expire(Shard& shard, uint64_t now_usec);

  std::unique_ptr<std::array<Shard, kShards>> shards_;
  size_t memcap_;
  size_t max_entries_per_shard_;
};

}  // namespace rampart::detect
