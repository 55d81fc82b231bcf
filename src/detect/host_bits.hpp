#pragma once
// xbits and hostbits: named bits kept per host (track ip_src / ip_dst) or per pair
// of hosts (track ip_pair, either order), shared by every worker and by the rule
// sets of successive reloads, as Suricata's host and ippair tables. A bit lives until
// its expiry, measured in packet time (expire N seconds, 30 by default); expired
// bits are swept from a shard now and then while bits are set in it.
#include <array>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/ip_address.hpp"

namespace rampart::detect {

class HostBitStore {
 public:
  static constexpr uint32_t kDefaultExpireSeconds = 30;

  // A host, or an unordered pair of hosts.
  struct Key {
    IpAddress first, second;  // second is empty for a host
    bool operator==(const Key&) const = default;
  };
  static Key host(const IpAddress& a) { return {a, {}}; }
  static Key pair(const IpAddress& a, const IpAddress& b) { return a < b ? Key{a, b} : Key{b, a}; }

  // The sensor's store.
  static HostBitStore& process();

  bool is_set(const Key& key, uint32_t bit, uint64_t now_usec) const;
  void set(const Key& key, uint32_t bit, uint64_t now_usec, uint32_t expire_seconds);
  void unset(const Key& key, uint32_t bit);
  void toggle(const Key& key, uint32_t bit, uint64_t now_usec, uint32_t expire_seconds);
  // Hosts and pairs holding at least one bit (expired or not yet swept).
  size_t keys() const;

 private:
  struct KeyHash {
    size_t operator()(const Key& k) const;
  };
  struct Bit {
    uint32_t id;
    uint64_t expires_usec;
  };
  struct Shard {
    mutable std::mutex lock;
    std::unordered_map<Key, std::vector<Bit>, KeyHash> bits;
    uint32_t sets_since_sweep = 0;
  };
  static constexpr size_t kShards = 16;
  static constexpr uint32_t kSweepEvery = 1024;

  Shard& shard_of(const Key& key) const;
  static void sweep(Shard& shard, uint64_t now_usec);

  mutable std::array<Shard, kShards> shards_;
};

}  // namespace rampart::detect
