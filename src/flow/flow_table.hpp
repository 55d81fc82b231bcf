#pragma once
// The flows one worker owns: an open-addressing hash index over stable flow
// storage, per-protocol/per-state timeouts, and a cap on the number of flows
// derived from flow.memcap. Flows sharing a timeout (same protocol kind and state)
// sit in one list ordered by last activity, so expiry looks only at list heads and
// costs O(expired flows). When the cap is reached the least recently seen flow is
// ended early ("forced") and the table is in emergency mode (shorter timeouts)
// until it drains below the recovery threshold.
#include <cstdint>
#include <array>
#include <deque>
#include <functional>
#include <vector>

#include "flow/flow.hpp"

namespace rampart::flow {

struct Timeouts {
  uint32_t new_sec, established_sec, closed_sec;
};

struct FlowConfig {
  size_t memcap = 128ULL << 20;  // flow.memcap
  uint32_t emergency_recovery_pct = 30;  // flow.emergency-recovery
  bool vlan_in_key = true;               // vlan.use-for-tracking
  bool tunnel_in_key = true;             // decoder.recursion-level.use-for-tracking
  Timeouts tcp{60, 600, 60}, udp{30, 300, 0}, icmp{30, 300, 0}, other{30, 300, 0};
  Timeouts tcp_emergency{5, 100, 10}, udp_emergency{10, 100, 0}, icmp_emergency{10, 100, 0},
      other_emergency{10, 100, 0};
};

struct FlowTableStats {
  uint64_t total = 0, tcp = 0, udp = 0, icmpv4 = 0, icmpv6 = 0;
  uint64_t timeouts = 0, forced = 0, emergency_entered = 0, emergency_over = 0;
  uint64_t end_new = 0, end_established = 0, end_closed = 0;
};

class FlowTable {
 public:
  using EndHandler = std::function<void(Flow&, EndReason)>;

  FlowTable(const FlowConfig& config, EndHandler on_end);

  struct Lookup {
    Flow* flow;
    Direction dir;
    bool created;
  };
  // The flow pkt belongs to, created when new; marks it as just seen at pkt's time.
  Lookup lookup(const decode::Packet& pkt);

  // Moves f to `state` (its timeout changes with it).
  void set_state(Flow& f, FlowState state);

  // Ends every flow idle past its timeout at `now_usec`.
  void expire(uint64_t now_usec);
  // Ends every flow (reason shutdown), in order of last activity.
  void drain();

  size_t active() const { return active_; }
  size_t capacity() const { return max_flows_; }
  bool emergency() const { return emergency_; }
  const FlowTableStats& stats() const { return stats_; }

 private:
  static constexpr uint32_t kNil = 0xFFFFFFFF;
  static constexpr size_t kProtoKinds = 4;  // tcp, udp, icmp, other
  static constexpr size_t kClasses = kProtoKinds * 3;

  struct List {
    uint32_t head = kNil, tail = kNil;
  };

  uint32_t allocate();
  void release(uint32_t index, EndReason reason);
  Flow* find(const FlowKey& key, uint64_t hash, size_t& slot);
  // f has a packet: its last activity is now.
  void touch(Flow& f, const decode::Packet& pkt);
  void index_insert(uint32_t index);
  void index_erase(size_t slot);
  void grow_index();
  void list_unlink(uint32_t index);
  void list_push_back(uint32_t index);
  uint32_t least_recently_seen() const;
  const Timeouts& timeouts_for(size_t proto_kind) const;
  uint32_t timeout_of_class(size_t timeout_class) const;
  void update_emergency();
  void init_flow(Flow& f, const decode::Packet& pkt, const FlowKey& key, uint64_t hash);

  FlowConfig config_;
  EndHandler on_end_;
  size_t max_flows_;
  std::deque<Flow> storage_;         // stable addresses
  std::vector<uint32_t> free_list_;
  // Open addressing; an entry is (low 32 bits of the flow's hash) << 32 | (flow
  // index + 1), 0 = empty: probes compare hashes and find home slots without
  // touching flow records.
  std::vector<uint64_t> index_;
  size_t active_ = 0;
  std::array<List, kClasses> lists_{};
  bool emergency_ = false;
  FlowTableStats stats_;
};

}  // namespace rampart::flow
