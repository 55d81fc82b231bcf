#include "flow/flow_table.hpp"

#include <algorithm>

namespace rampart::flow {

namespace {
// Memory charged per flow against flow.memcap: the record, its index slots and a
// share of a TCP session's tracker.
constexpr size_t kBytesPerFlow = sizeof(Flow) + 2 * sizeof(uint64_t) + 256;
constexpr size_t kInitialIndexSize = 1024;

size_t proto_kind(uint8_t ip_proto) {
  switch (ip_proto) {
    case 6: return 0;
    case 17: return 1;
    case 1:
    case 58: return 2;
    default: return 3;
  }
}

uint8_t timeout_class_of(uint8_t ip_proto, FlowState state) {
  return static_cast<uint8_t>(proto_kind(ip_proto) * 3 + static_cast<size_t>(state));
}
}  // namespace

FlowTable::FlowTable(const FlowConfig& config, EndHandler on_end)
    : config_(config),
      on_end_(std::move(on_end)),
      max_flows_(std::max<size_t>(config.memcap / kBytesPerFlow, 16)),
      index_(kInitialIndexSize, 0) {}

void FlowTable::touch(Flow& f, const decode::Packet& pkt) {
  f.last_usec = std::max(f.last_usec, pkt.ts_usec);
  // A flow seen last already (packets come in bursts) stays put: moving it would
  // touch its neighbours' records, other flows' cache lines.
  if (lists_[f.timeout_class].tail != f.table_index) {
    list_unlink(f.table_index);
    list_push_back(f.table_index);
  }
}

FlowTable::Lookup FlowTable::lookup(const decode::Packet& pkt) {
  const KeyScope scope{.vlan = config_.vlan_in_key, .tunnel = config_.tunnel_in_key};
  size_t slot = 0;
  // As Suricata, an ICMP error about a flow's packet belongs to that flow; seen
  // from its sender's address (an error sent by the client's side goes to the server).
  if (pkt.icmp_quoted.present) {
    const FlowKey quoted = *make_quoted_flow_key(pkt, scope);
    if (Flow* f = find(quoted, hash_flow_key(quoted), slot)) {
      touch(*f, pkt);
      return {f, pkt.src == f->client ? Direction::ToServer : Direction::ToClient, false};
    }
  }
  FlowKey key = make_flow_key(pkt, scope);
  uint64_t hash = hash_flow_key(key);
  if (Flow* f = find(key, hash, slot)) {
    touch(*f, pkt);
    return {f, f->direction_of(pkt), false};
  }
  if (active_ >= max_flows_) {
    if (!emergency_) ++stats_.emergency_entered;
    emergency_ = true;
    release(least_recently_seen(), EndReason::Forced);
  }
  uint32_t index = allocate();
  Flow& f = storage_[index];
  init_flow(f, pkt, key, hash);
  f.table_index = index;
  f.timeout_class = timeout_class_of(f.ip_proto, f.state);
  index_insert(index);
  list_push_back(index);
  ++active_;
  return {&f, Direction::ToServer, true};
}

void FlowTable::set_state(Flow& f, FlowState state) {
  if (f.state == state) return;
  f.state = state;
  list_unlink(f.table_index);
  f.timeout_class = timeout_class_of(f.ip_proto, state);
  list_push_back(f.table_index);
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
  for (size_t c = 0; c < kClasses; ++c) {
    const uint64_t timeout_usec = uint64_t{timeout_of_class(c)} * 1'000'000;
    // A list is ordered by last activity: stop at the first flow not idle long enough.
    while (lists_[c].head != kNil && storage_[lists_[c].head].last_usec + timeout_usec <= now_usec)
      release(lists_[c].head, EndReason::Timeout);
  }
  update_emergency();
}

void FlowTable::drain() {
  for (uint32_t i = least_recently_seen(); i != kNil; i = least_recently_seen()) release(i, EndReason::Shutdown);
}

uint32_t FlowTable::least_recently_seen() const {
  uint32_t best = kNil;
  for (const List& list : lists_)
    if (list.head != kNil && (best == kNil || storage_[list.head].last_usec < storage_[best].last_usec))
      best = list.head;
  return best;
}

const Timeouts& FlowTable::timeouts_for(size_t kind) const {
  switch (kind) {
    case 0: return emergency_ ? config_.tcp_emergency : config_.tcp;
    case 1: return emergency_ ? config_.udp_emergency : config_.udp;
    case 2: return emergency_ ? config_.icmp_emergency : config_.icmp;
    default: return emergency_ ? config_.other_emergency : config_.other;
  }
}

uint32_t FlowTable::timeout_of_class(size_t timeout_class) const {
  const Timeouts& t = timeouts_for(timeout_class / 3);
  switch (static_cast<FlowState>(timeout_class % 3)) {
    case FlowState::New: return t.new_sec;
    case FlowState::Established: return t.established_sec;
    case FlowState::Closed: return t.closed_sec;
  }
  return t.new_sec;
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
  list_unlink(index);
  f.tcp.reset();
  f.app.reset();
  f.detect_vars = {};
  free_list_.push_back(index);
  --active_;
}

namespace {
uint64_t index_entry(uint64_t hash, uint32_t index) { return (hash << 32) | (uint64_t{index} + 1); }
uint32_t entry_flow(uint64_t entry) { return static_cast<uint32_t>(entry) - 1; }
uint32_t entry_hash(uint64_t entry) { return static_cast<uint32_t>(entry >> 32); }
}  // namespace

Flow* FlowTable::find(const FlowKey& key, uint64_t hash, size_t& slot) {
  size_t mask = index_.size() - 1;
  const auto tag = static_cast<uint32_t>(hash);
  for (slot = hash & mask; index_[slot] != 0; slot = (slot + 1) & mask) {
    if (entry_hash(index_[slot]) != tag) continue;
    Flow& f = storage_[entry_flow(index_[slot])];
    if (f.key == key) return &f;
  }
  return nullptr;
}

void FlowTable::index_insert(uint32_t index) {
  if ((active_ + 1) * 2 > index_.size()) grow_index();
  size_t mask = index_.size() - 1;
  uint64_t hash = storage_[index].hash;
  size_t slot = hash & mask;
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = index_entry(hash, index);
}

// Linear probing deletion by backward shift: no tombstones, so probes stay short.
void FlowTable::index_erase(size_t slot) {
  size_t mask = index_.size() - 1;
  size_t hole = slot;
  for (size_t next = (hole + 1) & mask; index_[next] != 0; next = (next + 1) & mask) {
    size_t home = entry_hash(index_[next]) & mask;
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
  std::vector<uint64_t> old = std::move(index_);
  index_.assign(old.size() * 2, 0);
  size_t mask = index_.size() - 1;
  for (uint64_t entry : old) {
    if (entry == 0) continue;
    size_t slot = entry_hash(entry) & mask;
    while (index_[slot] != 0) slot = (slot + 1) & mask;
    index_[slot] = entry;
  }
}

void FlowTable::list_unlink(uint32_t index) {
  Flow& f = storage_[index];
  List& list = lists_[f.timeout_class];
  if (f.list_prev != kNil) storage_[f.list_prev].list_next = f.list_next;
  else list.head = f.list_next;
  if (f.list_next != kNil) storage_[f.list_next].list_prev = f.list_prev;
  else list.tail = f.list_prev;
  f.list_prev = f.list_next = kNil;
}

void FlowTable::list_push_back(uint32_t index) {
  Flow& f = storage_[index];
  List& list = lists_[f.timeout_class];
  f.list_prev = list.tail;
  f.list_next = kNil;
  if (list.tail != kNil) storage_[list.tail].list_next = index;
  else list.head = index;
  list.tail = index;
}

}  // namespace rampart::flow
