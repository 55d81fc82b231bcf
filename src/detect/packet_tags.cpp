#include "detect/packet_tags.hpp"

#include <algorithm>
#include <functional>
#include <string_view>

namespace rampart::detect {

namespace {

// Whether a tag is used up once this packet is counted.
bool expired(const TagEntry& e) {
  switch (e.metric) {
    case TagMetric::Packets: return e.packets > e.count;
    case TagMetric::Bytes: return e.bytes > e.count;
    case TagMetric::Seconds: return e.last_sec - e.first_sec > e.count;
  }
  return true;
}

}  // namespace

void TagList::add(const TagEntry& entry) {
  auto same_rule = [&](const TagEntry& e) { return e.sid == entry.sid && e.gid == entry.gid; };
  if (auto it = std::find_if(entries_.begin(), entries_.end(), same_rule); it != entries_.end()) {
    // A repeated alert restarts the tag, a bounded number of times (a flood of
    // matches must not keep it alive for ever).
    if (++it->matches < kMatchLimit) {
      it->first_sec = it->last_sec = entry.first_sec;
      it->packets = it->bytes = 0;
    }
    return;
  }
  if (entries_.size() < kMaxTags) entries_.push_back(entry);
}

bool TagList::tags_packet(uint64_t ts_sec, uint64_t frame_bytes) {
  bool tagged = false;
  std::erase_if(entries_, [&](TagEntry& e) {
    e.last_sec = ts_sec;
    if (e.metric == TagMetric::Packets) ++e.packets;
    if (e.metric == TagMetric::Bytes) e.bytes += frame_bytes;
    if (!e.skipped_first) {  // the alerting packet: the alert logs it
      e.skipped_first = true;
      return false;
    }
    if (expired(e)) return true;
    tagged = true;
    return false;
  });
  return tagged;
}

size_t HostTagStore::AddressHash::operator()(const IpAddress& a) const {
  const auto& bytes = a.bytes();
  return std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

HostTagStore& HostTagStore::process() {
  static HostTagStore store;
  return store;
}

void HostTagStore::add(const IpAddress& host, const TagEntry& entry) {
  Shard& shard = shard_of(host);
  std::lock_guard lock(shard.lock);
  auto [it, inserted] = shard.hosts.try_emplace(host);
  if (inserted) tagged_hosts_.fetch_add(1, std::memory_order_relaxed);
  it->second.add(entry);
}

bool HostTagStore::tags_packet(const IpAddress& src, const IpAddress& dst, uint64_t ts_sec, uint64_t frame_bytes) {
  bool by_src = tags_host(src, ts_sec, frame_bytes);
  bool by_dst = !(dst == src) && tags_host(dst, ts_sec, frame_bytes);
  return by_src || by_dst;
}

bool HostTagStore::tags_host(const IpAddress& host, uint64_t ts_sec, uint64_t frame_bytes) {
  Shard& shard = shard_of(host);
  std::lock_guard lock(shard.lock);
  auto it = shard.hosts.find(host);
  if (it == shard.hosts.end()) return false;
  bool tagged = it->second.tags_packet(ts_sec, frame_bytes);
  if (it->second.empty()) {
    shard.hosts.erase(it);
    tagged_hosts_.fetch_sub(1, std::memory_order_relaxed);
  }
  return tagged;
}

}  // namespace rampart::detect
