#include "detect/threshold_tracker.hpp"

#include <algorithm>
#include <functional>

namespace rampart::detect {

namespace {

constexpr uint64_t kUsec = 1'000'000;
constexpr uint64_t kExpireEveryUsec = 60 * kUsec;
constexpr uint64_t kIdleLimitUsec = 3600 * kUsec;  // entries older than any usual window
constexpr uint8_t kRateFlag = 0x10;                // rate_filter state, apart from the rule's threshold
// A map node: key, entry, the node's next pointer and cached hash, and its bucket.
constexpr size_t kEntryBytes = sizeof(ThresholdTracker::Key) + sizeof(ThresholdTracker::Entry) + 3 * sizeof(void*);

uint8_t track_code(const std::string& track) {
  if (track == "by_src") return 1;
  if (track == "by_dst") return 2;
  if (track == "by_both") return 3;
  if (track == "by_flow") return 4;
  return 0;  // by_rule
}

// Workers see packets slightly out of time order; an earlier time counts as no time.
uint64_t since(uint64_t now_usec, uint64_t start_usec) { return now_usec > start_usec ? now_usec - start_usec : 0; }

bool judge_threshold(const Threshold& t, ThresholdTracker::Entry& e, uint64_t now_usec) {
  uint64_t window = uint64_t{t.seconds} * kUsec;
  if (e.hits == 0 || (t.type != "backoff" && since(now_usec, e.window_start_usec) > window)) {
    e.window_start_usec = now_usec;
    e.hits = 0;
  }
  ++e.hits;
  if (t.type == "detection_filter") return e.hits > t.count;
  if (t.type == "limit") return e.hits <= t.count;
  if (t.type == "both") return e.hits == t.count;
  if (t.type == "backoff") {
    if (e.next_alert == 0) e.next_alert = t.count;
    if (e.hits != e.next_alert) return false;
    e.next_alert *= t.multiplier == 0 ? 1 : t.multiplier;
    if (t.multiplier <= 1) e.next_alert = e.hits + t.count;
    return true;
  }
  // "threshold": every count-th hit within the window alerts and starts the count anew.
  if (e.hits < t.count) return false;
  e.hits = 0;
  return true;
}

bool judge_rate(const RateFilter& f, ThresholdTracker::Entry& e, uint64_t now_usec) {
  if (e.timeout_start_usec != 0) {
    if (since(now_usec, e.timeout_start_usec) <= uint64_t{f.timeout} * kUsec) return true;
    e.timeout_start_usec = 0;
    e.hits = 0;
  }
  if (e.hits == 0 || since(now_usec, e.window_start_usec) >= uint64_t{f.seconds} * kUsec) {
    e.window_start_usec = now_usec;
    e.hits = 0;
  }
  if (++e.hits <= f.count) return false;
  e.timeout_start_usec = now_usec;
  return true;
}

}  // namespace

size_t ThresholdTracker::KeyHash::operator()(const Key& k) const {
  size_t h = std::hash<uint64_t>{}(uint64_t{k.gid} << 32 | k.sid);
  auto mix = [&h](uint64_t v) { h ^= std::hash<uint64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2); };
  mix(k.track);
  mix(k.flow_id);
  for (const auto* a : {&k.a, &k.b}) {
    uint64_t lo = 0, hi = 0;
    for (size_t i = 0; i < 8; ++i) lo = lo << 8 | a->bytes()[i];
    for (size_t i = 8; i < 16; ++i) hi = hi << 8 | a->bytes()[i];
    mix(lo);
    mix(hi);
  }
  return h;
}

ThresholdTracker::ThresholdTracker(size_t memcap)
    : shards_(std::make_unique<std::array<Shard, kShards>>()),
      memcap_(memcap),
      max_entries_per_shard_(std::max<size_t>(1, memcap / kEntryBytes / kShards)) {}

template <typename Judge>
bool ThresholdTracker::judge(const std::string& track, bool rate, const ThresholdSubject& s, Judge&& judge_entry) {
  uint8_t code = track_code(track);
  Key key{s.gid, s.sid, static_cast<uint8_t>(code | (rate ? kRateFlag : 0)), {}, {}, 0};
  switch (code) {
    case 1: key.a = s.src; break;
    case 2: key.a = s.dst; break;
    case 3: key.a = std::min(s.src, s.dst), key.b = std::max(s.src, s.dst); break;  // either direction
    case 4: key.flow_id = s.flow_id; break;
    default: break;
  }
  size_t hash = KeyHash{}(key);
  Shard& shard = (*shards_)[(hash >> 7) % kShards];
  std::lock_guard lock(shard.mutex);
  expire(shard, s.now_usec);
  auto it = shard.entries.find(key);
  if (it == shard.entries.end()) {
    if (shard.entries.size() >= max_entries_per_shard_) {
      ++shard.refused;
      Entry unstored;
      return judge_entry(unstored);
    }
    it = shard.entries.emplace(key, Entry{}).first;
  }
  return judge_entry(it->second);
}

bool ThresholdTracker::allow(const Threshold& t, const ThresholdSubject& s) {
  return judge(t.track, false, s, [&](Entry& e) { return judge_threshold(t, e, s.now_usec); });
}

bool ThresholdTracker::rate_exceeded(const RateFilter& f, const ThresholdSubject& s) {
  return judge(f.track, true, s, [&](Entry& e) { return judge_rate(f, e, s.now_usec); });
}

void ThresholdTracker::expire(Shard& shard, uint64_t now_usec) {
  if (now_usec < shard.next_expire_usec) return;
  shard.next_expire_usec = now_usec + kExpireEveryUsec;
  shard.expired += std::erase_if(shard.entries, [now_usec](const auto& item) {
    const Entry& e = item.second;
    return std::max(e.window_start_usec, e.timeout_start_usec) + kIdleLimitUsec < now_usec && e.next_alert == 0;
  });
}

size_t ThresholdTracker::tracked() const { return stats().entries; }

ThresholdTrackerStats ThresholdTracker::stats() const {
  ThresholdTrackerStats st;
  st.memcap = memcap_;
  for (auto& shard : *shards_) {
    std::lock_guard lock(shard.mutex);
    st.entries += shard.entries.size();
    st.memcap_refused += shard.refused;
    st.expired += shard.expired;
  }
  st.memuse = st.entries * kEntryBytes;
  return st;
}

}  // namespace rampart::detect
