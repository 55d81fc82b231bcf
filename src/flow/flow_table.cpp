#include "flow/flow_table.hpp"

#include <algorithm>

namespace rampart::flow {

namespace {
// Memory charged per flow against flow.memcap: the record, its index slots and a
// share of a TCP session's tracker.
constexpr size_t kBytesPerFlow = sizeof(Flow) + 2 * sizeof(uint32_t) + 256;
constexpr size_t kInitialIndexSize = 1024;
}  // namespace

FlowTable::FlowTable(const FlowConfig& config, EndHandler on_end)
    : config_(config),
      on_end_(std::move(on_end)),
      max_flows_(std::max<size_t>(config.memcap / kBytesPerFlow, 16)),
      index_(kInitialIndexSize, 0) {}

FlowTable::Lookup FlowTable::lookup(const decode::Packet& pkt) {
  FlowKey key = make_flow_key(pkt);
  uint64_t hash = hash_flow_key(key);
  size_t slot = 0;
  if (Flow* f = find(key, hash, slot)) {
    uint32_t index = index_[slot] - 1;
    lru_unlink(index);
    lru_push_back(index);
    f->last_usec = std::max(f->last_usec, pkt.ts_usec);
    return {f, f->direction_of(pkt), false};
  }
  if (active_ >= max_flows_) {
    if (!emergency_) ++stats_.emergency_entered;
    emergency_ = true;
    release(lru_head_, EndReason::Forced);
  }
  uint32_t index = allocate();
  Flow& f = storage_[index];
  init_flow(f, pkt, key, hash);
  index_insert(index);
  lru_push_back(index);
  ++active_;
  return {&f, Direction::ToServer, true};
}

void FlowTable::init_flow(Flow& f, const decode::Packet& pkt, const FlowKey& key, uint64_t hash) {
  f = Flow{};
  f.key = key;
  f.hash = hash;
  // Unique per flow and stable for a given capture (no random seed), below 2^53 so
  // JSON consumers that parse numbers as doubles keep it exact.
  f.flow_id = (hash ^ (pkt.ts_usec * 0x9E3779B97F4A7C15ULL)) & ((1ULL << 51) - 1);
  f.client = pkt.src;
  f.server = pkt.dst;
  f.client_port = pkt.src_port;
  f.server_port = pkt.dst_port;
  f.ip_proto = pkt.ip_proto;
  f.ip_version = pkt.ip_version;
  f.tunnel = pkt.tunnel;
  f.vlan_ids = pkt.vlan_ids;
  f.vlan_count = pkt.vlan_count;
  f.start_usec = f.last_usec = pkt.ts_usec;
  f.emergency = emergency_;
  ++stats_.total;
  switch (pkt.l4) {
    case decode::L4Proto::Tcp: ++stats_.tcp; break;
    case decode::L4Proto::Udp: ++stats_.udp; break;
    case decode::L4Proto::Icmp: ++stats_.icmpv4; break;
    case decode::L4Proto::Icmpv6: ++stats_.icmpv6; break;
    default: break;
  }
}

void FlowTable::expire(uint64_t now_usec) {
  const uint64_t min_timeout_usec = uint64_t{min_timeout_sec()} * 1'000'000;
  uint32_t i = lru_head_;
  while (i != kNil) {
    Flow& f = storage_[i];
    uint32_t next = f.lru_next;
    // The list is ordered by last activity: nothing after this flow can be idle long enough.
    if (f.last_usec + min_timeout_usec > now_usec) break;
    if (f.last_usec + uint64_t{timeout_of(f)} * 1'000'000 <= now_usec) release(i, EndReason::Timeout);
    i = next;
  }
  update_emergency();
}

void FlowTable::drain() {
  while (lru_head_ != kNil) release(lru_head_, EndReason::Shutdown);
}

const Timeouts& FlowTable::timeouts_for(uint8_t ip_proto) const {
  switch (ip_proto) {
    case 6: return emergency_ ? config_.tcp_emergency : config_.tcp;
    case 17: return emergency_ ? config_.udp_emergency : config_.udp;
    case 1:
    case 58: return emergency_ ? config_.icmp_emergency : config_.icmp;
    default: return emergency_ ? config_.other_emergency : config_.other;
  }
}

uint32_t FlowTable::timeout_of(const Flow& f) const {
  const Timeouts& t = timeouts_for(f.ip_proto);
  switch (f.state) {
    case FlowState::New: return t.new_sec;
    case FlowState::Established: return t.established_sec;
    case FlowState::Closed: return t.closed_sec;
  }
  return t.new_sec;
}

// The shortest timeout any flow can have now (only TCP flows reach "closed").
uint32_t FlowTable::min_timeout_sec() const {
  uint32_t m = timeouts_for(6).closed_sec;
  for (uint8_t proto : {uint8_t{6}, uint8_t{17}, uint8_t{1}, uint8_t{0}}) m = std::min({m, timeouts_for(proto).new_sec, timeouts_for(proto).established_sec});
  return m;
}

void FlowTable::update_emergency() {
  if (emergency_ && active_ * 100 < max_flows_ * (100 - config_.emergency_recovery_pct)) {
    emergency_ = false;
    ++stats_.emergency_over;
  }
}

uint32_t FlowTable::allocate() {
  if (!free_list_.empty()) {
    uint32_t index = free_list_.back();
    free_list_.pop_back();
    return index;
  }
  storage_.emplace_back();
  return static_cast<uint32_t>(storage_.size() - 1);
}

void FlowTable::release(uint32_t index, EndReason reason) {
  Flow& f = storage_[index];
  if (reason == EndReason::Timeout) ++stats_.timeouts;
  if (reason == EndReason::Forced) ++stats_.forced;
  switch (f.state) {
    case FlowState::New: ++stats_.end_new; break;
    case FlowState::Established: ++stats_.end_established; break;
    case FlowState::Closed: ++stats_.end_closed; break;
  }
  on_end_(f, reason);
  size_t slot = 0;
  find(f.key, f.hash, slot);
  index_erase(slot);
  lru_unlink(index);
  f.tcp.reset();
  free_list_.push_back(index);
  --active_;
}

Flow* FlowTable::find(const FlowKey& key, uint64_t hash, size_t& slot) {
  size_t mask = index_.size() - 1;
  for (slot = hash & mask; index_[slot] != 0; slot = (slot + 1) & mask) {
    Flow& f = storage_[index_[slot] - 1];
    if (f.hash == hash && f.key == key) return &f;
  }
  return nullptr;
}

void FlowTable::index_insert(uint32_t index) {
  if ((active_ + 1) * 2 > index_.size()) grow_index();
  size_t mask = index_.size() - 1;
  size_t slot = storage_[index].hash & mask;
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = index + 1;
}

// Linear probing deletion by backward shift: no tombstones, so probes stay short.
void FlowTable::index_erase(size_t slot) {
  size_t mask = index_.size() - 1;
  size_t hole = slot;
  for (size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
    size_t home = storage_[index_[next] - 1].hash & mask;
    // Move the entry back if its home is not cyclically within (hole, next].
    bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
    if (!stays) {
      index_[hole] = index_[next];
      hole = next;
    }
  }
  index_[hole] = 0;
}

void FlowTable::grow_index() {
  std::vector<uint32_t> old = std::move(index_);
  index_.assign(old.size() * 2, 0);
  size_t mask = index_.size() - 1;
  for (uint32_t entry : old) {
    if (entry == 0) continue;
    size_t slot = storage_[entry - 1].hash & mask;
    while (index_[slot] != 0) slot = (slot + 1) & mask;
    index_[slot] = entry;
  }
}

void FlowTable::lru_unlink(uint32_t index) {
  Flow& f = storage_[index];
  if (f.lru_prev != kNil) storage_[f.lru_prev].lru_next = f.lru_next;
  else lru_head_ = f.lru_next;
  if (f.lru_next != kNil) storage_[f.lru_next].lru_prev = f.lru_prev;
  else lru_tail_ = f.lru_prev;
  f.lru_prev = f.lru_next = kNil;
}

void FlowTable::lru_push_back(uint32_t index) {
  Flow& f = storage_[index];
  f.lru_prev = lru_tail_;
  f.lru_next = kNil;
  if (lru_tail_ != kNil) storage_[lru_tail_].lru_next = index;
  else lru_head_ = index;
  lru_tail_ = index;
}

}  // namespace rampart::flow
