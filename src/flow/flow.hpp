#pragma once
// A bidirectional flow: its normalized key (the same for both directions), who
// initiated it, counters per direction, state and, for TCP, the session tracker.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "common/ip_address.hpp"
#include "decode/packet.hpp"
#include "detect/flow_vars.hpp"
#include "proto/app_layer.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::flow {

using stream::Direction;

// The 5-tuple plus VLAN ids and tunnel id, with the lower endpoint first so both
// directions of a flow map to one key.
struct FlowKey {
  IpAddress addr_lo, addr_hi;
  uint16_t port_lo = 0, port_hi = 0;
  uint8_t proto = 0;
  std::array<uint16_t, 2> vlan{};
  uint32_t tunnel_id = 0;
  uint8_t tunnel_depth = 0;

  bool operator==(const FlowKey&) const = default;
  // IPsec ESP flows: the SPI the key was made from.
  uint32_t esp_spi() const { return uint32_t{port_lo} << 16 | port_hi; }
};

// Which optional parts go into a flow key.
struct KeyScope {
  bool vlan = true;    // vlan.use-for-tracking
  bool tunnel = true;  // decoder.recursion-level.use-for-tracking
};

// Builds the key of pkt, the same for packets of either direction.
FlowKey make_flow_key(const decode::Packet& pkt, KeyScope scope = {});
// The key of the TCP or UDP flow an ICMPv4 destination unreachable quotes
// (decode::QuotedTuple), else nullopt.
std::optional<FlowKey> make_quoted_flow_key(const decode::Packet& pkt, KeyScope scope = {});
// A hash of the normalized key: equal for both directions (workers are picked by it).
uint64_t hash_flow_key(const FlowKey& key);

enum class FlowState : uint8_t { New, Established, Closed };
std::string_view flow_state_name(FlowState s);

enum class EndReason : uint8_t { Timeout, Forced, Shutdown };
std::string_view end_reason_name(EndReason r);

struct Flow {
  FlowKey key;
  uint64_t hash = 0;
  uint64_t flow_id = 0;
  // The initiator (first packet's source) is the client; ToServer = from the client,
  // unless the flow was reversed.
  IpAddress client, server;
  uint16_t client_port = 0, server_port = 0;
  uint8_t ip_proto = 0;
  uint8_t ip_version = 0;
  decode::TunnelInfo tunnel;
  std::array<uint16_t, 3> vlan_ids{};
  uint8_t vlan_count = 0;

  uint64_t start_usec = 0, last_usec = 0;
  std::array<uint64_t, 2> pkts{}, bytes{};
  // Of those, the packets and bytes that came once the flow was bypassed.
  std::array<uint64_t, 2> bypassed_pkts{}, bypassed_bytes{};
  // Lowest and highest IP TTL (hop limit) per direction, for netflow records.
  std::array<uint8_t, 2> min_ttl{255, 255}, max_ttl{};
  FlowState state = FlowState::New;
  bool alerted = false;
  bool emergency = false;
  // Encryption handling (app-layer.protocols.tls.encryption-handling) once the
  // application layer found the data encrypted: payload rules skip the flow, and
  // with `bypass` its packets are not inspected at all.
  bool encryption_handled = false;
  bool payload_inspected = true;
  bool bypassed = false;
  bool bypass_requested = false;  // a rule's bypass keyword matched: bypassed after the packet
  // ICMP: first type/code seen in each direction.
  std::array<uint8_t, 2> icmp_type{}, icmp_code{};
  std::array<bool, 2> icmp_seen{};

  std::optional<stream::TcpSession> tcp;
  // On the heap: a flow that never carries data (a scan's SYN) does not pay its size.
  std::unique_ptr<proto::AppLayer> app;
  detect::FlowVars detect_vars;

  // The flow table's bookkeeping: its slot, its timeout class and the links of
  // that class's list (ordered by last activity).
  uint32_t table_index = 0;
  uint8_t timeout_class = 0;
  uint32_t list_prev = 0, list_next = 0;

  bool reversed = false;

  Direction direction_of(const decode::Packet& pkt) const;
  // The initiator turned out to be the server (Suricata's flow swap after a
  // midstream pick-up): client and server, their counters and the TCP session's
  // directions trade places, so later packets and records see the flow the right
  // way round.
  void reverse();
};

}  // namespace rampart::flow
