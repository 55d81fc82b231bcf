#include "detect/threshold_tracker.hpp"

#include <functional>

namespace rampart::detect {

namespace {

constexpr uint64_t kUsec = 1'000'000;
constexpr uint64_t kExpireEveryUsec = 60 * kUsec;
constexpr uint64_t kIdleLimitUsec = 3600 * kUsec;  // entries older than any usual window

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

bool ThresholdTracker::allow(const Threshold& t, const ThresholdSubject& s) {
  expire(s.now_usec);
  Key key{s.gid, s.sid, track_code(t.track), {}, {}, 0};
  switch (key.track) {
    case 1: key.a = s.src; break;
    case 2: key.a = s.dst; break;
    case 3: key.a = s.src, key.b = s.dst; break;
    case 4: key.flow_id = s.flow_id; break;
    default: break;
  }
  Entry& e = entries_[key];
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
    return item.second.window_start_usec + kIdleLimitUsec < now_usec && item.second.next_alert == 0;
  });
}

}  // namespace rampart::detect
