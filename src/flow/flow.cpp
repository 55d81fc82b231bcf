#include "flow/flow.hpp"

#include <cstring>
#include <span>
#include <utility>

namespace rampart::flow {

namespace {

template <typename T>
void swap_sides(std::array<T, 2>& per_direction) {
  std::swap(per_direction[0], per_direction[1]);
}

// The ICMP message that answers `type` (echo request <-> reply, ...), or type
// itself. Like Suricata, an ICMP flow is one query type and its answer between two
// hosts, so a request and its reply share a flow and a request the other way does not.
uint8_t icmp_counterpart(bool v6, uint8_t type) {
  static constexpr std::pair<uint8_t, uint8_t> kV4[] = {{8, 0}, {13, 14}, {15, 16}, {17, 18}, {10, 9}};
  static constexpr std::pair<uint8_t, uint8_t> kV6[] = {{128, 129}, {130, 131}, {133, 134}, {135, 136}, {139, 140}};
  for (auto [query, answer] : v6 ? std::span(kV6) : std::span(kV4)) {
    if (type == query) return answer;
    if (type == answer) return query;
  }
  return type;
}

// ICMP has no ports: the message type and its counterpart stand in for them; an
// ESP flow's key holds its SPI there.
std::pair<uint16_t, uint16_t> flow_ports(const decode::Packet& pkt) {
  if (pkt.l4 == decode::L4Proto::Icmp || pkt.l4 == decode::L4Proto::Icmpv6) {
    bool v6 = pkt.l4 == decode::L4Proto::Icmpv6;
    return {pkt.icmp_type, icmp_counterpart(v6, pkt.icmp_type)};
  }
  if (pkt.l4 == decode::L4Proto::Esp)
    return {static_cast<uint16_t>(pkt.esp_spi >> 16), static_cast<uint16_t>(pkt.esp_spi & 0xffff)};
  return {pkt.src_port, pkt.dst_port};
}

// The key of a flow between src and dst, carried as pkt is (its VLANs and tunnel).
FlowKey key_between(const decode::Packet& pkt, const IpAddress& src, const IpAddress& dst, uint16_t src_port,
                    uint16_t dst_port, uint8_t proto, bool keep_order, KeyScope scope) {
  FlowKey key;
  bool reversed = !keep_order && (dst < src || (dst == src && dst_port < src_port));
  key.addr_lo = reversed ? dst : src;
  key.addr_hi = reversed ? src : dst;
  key.port_lo = reversed ? dst_port : src_port;
  key.port_hi = reversed ? src_port : dst_port;
  key.proto = proto;
  if (scope.vlan) {
    key.vlan[0] = pkt.vlan_count > 0 ? pkt.vlan_ids[0] : 0;
    key.vlan[1] = pkt.vlan_count > 1 ? pkt.vlan_ids[1] : 0;
  }
  if (scope.tunnel) {
    key.tunnel_id = pkt.tunnel.id;
    key.tunnel_depth = pkt.tunnel.depth;
  }
  return key;
}

}  // namespace

FlowKey make_flow_key(const decode::Packet& pkt, KeyScope scope) {
  auto [src_port, dst_port] = flow_ports(pkt);
  // As in Suricata, an ESP flow is one security association: one SPI, one
  // direction, so its key keeps source and destination in their places.
  const bool keep_order = pkt.l4 == decode::L4Proto::Esp;
  return key_between(pkt, pkt.src, pkt.dst, src_port, dst_port, pkt.ip_proto, keep_order, scope);
}

std::optional<FlowKey> make_quoted_flow_key(const decode::Packet& pkt, KeyScope scope) {
  const decode::QuotedTuple& q = pkt.icmp_quoted;
  if (!q.present) return std::nullopt;
  return key_between(pkt, q.src, q.dst, q.src_port, q.dst_port, q.proto, false, scope);
}

namespace {

uint64_t mix(uint64_t h, uint64_t v) {
  h ^= v * 0x9E3779B97F4A7C15ULL;
  h = (h ^ (h >> 29)) * 0xBF58476D1CE4E5B9ULL;
  return h ^ (h >> 32);
}

uint64_t load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

}  // namespace

uint64_t hash_flow_key(const FlowKey& key) {
  const auto& lo = key.addr_lo.bytes();
  const auto& hi = key.addr_hi.bytes();
  uint64_t h = 0x243F6A8885A308D3ULL;
  // The key is already normalized, so hashing it in order is direction-symmetric.
  h = mix(h, load64(lo.data()));
  h = mix(h, load64(lo.data() + 8));
  h = mix(h, load64(hi.data()));
  h = mix(h, load64(hi.data() + 8));
  h = mix(h, (uint64_t{key.port_lo} << 32) | (uint64_t{key.port_hi} << 16) | key.proto);
  h = mix(h, (uint64_t{key.vlan[0]} << 48) | (uint64_t{key.vlan[1]} << 32) | key.tunnel_id);
  return mix(h, key.tunnel_depth);
}

std::string_view flow_state_name(FlowState s) {
  switch (s) {
    case FlowState::New: return "new";
    case FlowState::Established: return "established";
    case FlowState::Closed: return "closed";
  }
  return "new";
}

std::string_view end_reason_name(EndReason r) {
  switch (r) {
    case EndReason::Timeout: return "timeout";
    case EndReason::Forced: return "forced";
    case EndReason::Shutdown: return "shutdown";
  }
  return "timeout";
}

Direction Flow::direction_of(const decode::Packet& pkt) const {
  bool from_client = pkt.src == client && pkt.src_port == client_port;
  if (client == server && client_port == server_port) from_client = true;
  return from_client ? Direction::ToServer : Direction::ToClient;
}

void Flow::reverse() {
  std::swap(client, server);
  std::swap(client_port, server_port);
  swap_sides(pkts);
  swap_sides(bytes);
  swap_sides(bypassed_pkts);
  swap_sides(bypassed_bytes);
  swap_sides(min_ttl);
  swap_sides(max_ttl);
  swap_sides(icmp_type);
  swap_sides(icmp_code);
  swap_sides(icmp_seen);
  if (tcp) tcp->reverse();
  reversed = !reversed;
}

}  // namespace rampart::flow
