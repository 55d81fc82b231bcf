#include "detect/threshold_tracker.hpp"

#include <algorithm>
#include <functional>

namespace rampart::detect {

namespace {

constexpr uint64_t kUsec = 1'000'000;
constexpr uint64_t kExpireEveryUsec = 60 * kUsec;
constexpr uint64_t kIdleLimitUsec = 3600 * kUsec;  // entries older than any usual window
constexpr uint8_t kRateFlag = 0x10;  // rate_filter state, apart from the rule's threshold

uint8_t track_code(const std::string& track) {
  if (track == "by_src") return 1;
  if (track == "by_dst") return 2;
  if (track == "by_both") return 3;
  if (track == "by_flow") return 4;
  return 0;  // by_rule
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

ThresholdTracker::Entry& ThresholdTracker::entry(const std::string& track, bool rate, const ThresholdSubject& s) {
  expire(s.now_usec);
  uint8_t code = track_code(track);
  Key key{s.gid, s.sid, static_cast<uint8_t>(code | (rate ? kRateFlag : 0)), {}, {}, 0};
  switch (code) {
    case 1: key.a = s.src; break;
    case 2: key.a = s.dst; break;
    case 3: key.a = std::min(s.src, s.dst), key.b = std::max(s.src, s.dst); break;
    case 4: key.flow_id = s.flow_id; break;
    default: break;
  }
  return entries_[key];
}

bool ThresholdTracker::rate_exceeded(const RateFilter& f, const ThresholdSubject& s) {
  Entry& e = entry(f.track, true, s);
  if (e.timeout_start_usec != 0) {
    if (s.now_usec - e.timeout_start_usec <= uint64_t{f.timeout} * kUsec) return true;
    e.timeout_start_usec = 0;
    e.hits = 0;
  }
  if (e.hits == 0 || s.now_usec - e.window_start_usec >= uint64_t{f.seconds} * kUsec) {
    e.window_start_usec = s.now_usec;
    e.hits = 0;
  }
  if (++e.hits <= f.count) return false;
  e.timeout_start_usec = s.now_usec;
  return true;
}

bool ThresholdTracker::allow(const Threshold& t, const ThresholdSubject& s) {
  Entry& e = entry(t.track, false, s);
  uint64_t window = uint64_t{t.seconds} * kUsec;
  if (e.hits == 0 || (t.type != "backoff" && s.now_usec - e.window_start_usec > window)) {
    e.window_start_usec = s.now_usec;
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

void ThresholdTracker::expire(uint64_t now_usec) {
  if (now_usec < next_expire_usec_) return;
  next_expire_usec_ = now_usec + kExpireEveryUsec;
  std::erase_if(entries_, [now_usec](const auto& item) {
    const Entry& e = item.second;
    return std::max(e.window_start_usec, e.timeout_start_usec) + kIdleLimitUsec < now_usec && e.next_alert == 0;
  });
}

}  // namespace rampart::detect
