#pragma once
// IPv4 and IPv6 fragment reassembly. Fragments are keyed by (src, dst, id, proto,
// vlan, tunnel id); overlaps are resolved by a target-OS policy, incomplete
// datagrams time out, and all buffered bytes stay under a memory cap (the oldest
// trackers are evicted first). Overlaps and oversize datagrams raise DecodeEvents.
#include <cstdint>
#include <memory>
#include <optional>

#include "decode/packet.hpp"

namespace rampart::decode {

// Suricata's defrag policies (defrag.default-policy).
enum class DefragPolicy : uint8_t { Bsd, BsdRight, Linux, First, Last, Windows, Solaris };

struct DefragConfig {
  DefragPolicy policy = DefragPolicy::Bsd;
  uint64_t timeout_usec = 60'000'000;
  size_t memcap = 32 * 1024 * 1024;
  size_t max_frags_per_datagram = 1024;
};

struct DefragStats {
  uint64_t ipv4_fragments = 0, ipv4_reassembled = 0, ipv6_fragments = 0, ipv6_reassembled = 0;
  uint64_t timeouts = 0, memcap_evictions = 0, overlaps = 0, too_large = 0, too_many_fragments = 0;
};

class Defragmenter {
 public:
  explicit Defragmenter(DefragConfig config = {});
  ~Defragmenter();
  Defragmenter(Defragmenter&&) noexcept;
  Defragmenter& operator=(Defragmenter&&) noexcept;

  // Takes one fragment (fragment.is_fragment). When it completes a datagram,
  // returns the whole IP datagram (header + payload, header fields fixed up); the
  // bytes stay valid until the next call. Events go into fragment.events.
  std::optional<Bytes> add(Packet& fragment);

  // Drops trackers idle since before now - timeout.
  void expire(uint64_t now_usec);

  const DefragStats& stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::decode
