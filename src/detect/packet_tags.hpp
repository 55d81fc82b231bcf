#pragma once
// The tag keyword, as Suricata keeps it: when a rule with tag: alerts, the packets
// that follow in its session, or to and from one of its hosts, are tagged (logged
// as EVE "packet" records) until the tag's count of packets, bytes or seconds is
// used up. The alerting packet counts as the first and is not tagged itself. A
// session's tags live with its flow; host tags in one store shared by all workers
// (a host's packets may travel in flows of any worker). A rule that alerts again
// restarts its tag, at most kMatchLimit times; a session or host holds at most
// kMaxTags tags.
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/ip_address.hpp"

namespace rampart::detect {

enum class TagMetric : uint8_t { Packets, Bytes, Seconds };

struct TagEntry {
  uint32_t gid = 1, sid = 0;
  TagMetric metric = TagMetric::Packets;
  uint32_t count = 256;
  uint64_t first_sec = 0, last_sec = 0;
  uint64_t packets = 0, bytes = 0;
  uint32_t matches = 0;
  bool skipped_first = false;
};

// The tags of one session or host.
class TagList {
 public:
  static constexpr uint32_t kMatchLimit = 10;
  static constexpr size_t kMaxTags = 50;

  void add(const TagEntry& entry);
  // Counts a packet (ts_sec, frame_bytes) against every tag, drops the used-up
  // ones; true when a tag still covers the packet.
  bool tags_packet(uint64_t ts_sec, uint64_t frame_bytes);
  bool empty() const { return entries_.empty(); }

 private:
  std::vector<TagEntry> entries_;
};

class HostTagStore {
 public:
  static HostTagStore& process();

  void add(const IpAddress& host, const TagEntry& entry);
  // Counts the packet against the tags of its source and of its destination.
  bool tags_packet(const IpAddress& src, const IpAddress& dst, uint64_t ts_sec, uint64_t frame_bytes);
  // Hosts with tags: workers skip the lookups while there are none.
  size_t tagged_hosts() const { return tagged_hosts_.load(std::memory_order_relaxed); }

 private:
  struct AddressHash {
    size_t operator()(const IpAddress& a) const;
  };
  struct Shard {
    std::mutex lock;
    std::unordered_map<IpAddress, TagList, AddressHash> hosts;
  };
  static constexpr size_t kShards = 16;

  bool tags_host(const IpAddress& host, uint64_t ts_sec, uint64_t frame_bytes);
  Shard& shard_of(const IpAddress& host) { return shards_[AddressHash{}(host) % kShards]; }

  std::array<Shard, kShards> shards_;
  std::atomic<size_t> tagged_hosts_{0};
};

}  // namespace rampart::detect
