#pragma once
// What the engine inspects: a packet with the facts of its flow, or an application
// transaction the flow's parser completed. All views are borrowed for one call.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/ip_address.hpp"
#include "decode/packet.hpp"
#include "detect/flow_vars.hpp"
#include "proto/app_parser.hpp"
#include "stream/raw_stream.hpp"

namespace rampart::detect {

enum class PacketDirection : uint8_t { ToServer, ToClient };

struct FlowFacts {
  uint64_t flow_id = 0;
  PacketDirection direction = PacketDirection::ToServer;  // of the packet being inspected
  bool established = false;          // TCP handshake done, or both directions seen
  bool first_in_direction = false;   // the flow's first packet in this direction
  std::string_view app_proto;        // "http", "dns" ... or "" while unknown
  std::string_view app_proto_orig;   // the protocol before a change (STARTTLS, CONNECT), else ""
  IpAddress client, server;
  uint16_t client_port = 0, server_port = 0;
  uint8_t ip_proto = 0;
  // TCP sessions: the sequence-space bytes the client [0] and the server [1] sent
  // (next sequence number minus the initial one), for stream_size.
  std::optional<std::array<uint32_t, 2>> tcp_sequence_sizes;
  // Packets and bytes (frames) the client [0] and the server [1] sent so far, this
  // packet included, for flow.pkts and flow.bytes.
  std::array<uint64_t, 2> packets{}, bytes{};
  uint64_t age_seconds = 0;  // whole seconds from the flow's first packet to this one
  FlowVars* vars = nullptr;
  // False once the flow's payload is encrypted and encryption-handling is not `full`
  // (Suricata's FLOW_NOPAYLOAD_INSPECTION): rules that need payload bytes skip it.
  bool payload_inspected = true;
};

// An application-layer anomaly raised while the packet was processed.
struct AppEvent {
  std::string_view protocol;  // "http", "tls" ...
  std::string_view name;      // as the parser names it, e.g. REQUEST_LINE_MISSING_PROTOCOL
};

// The raw TCP stream of the packet's direction (stream::RawStream), for rules on the
// payload: Suricata inspects these on the reassembled stream, not on each packet.
struct StreamInput {
  std::span<const uint8_t> seen;   // inspected before fresh, kept so a split pattern is found
  std::span<const uint8_t> fresh;  // in-order bytes not inspected yet (delivered by this packet)
  bool packet_added = false;       // the packet's payload went into the stream
  // Where gaps cut fresh (stream::RawStream::gaps): rules inspect the parts apart,
  // and the alerts log `marked`, fresh with "[N bytes missing]" at the gaps.
  std::span<const stream::RawGap> gaps{};
  std::span<const uint8_t> marked{};
};

struct PacketInput {
  const decode::Packet& packet;
  const FlowFacts* flow = nullptr;  // nullptr: no flow (fragments, non-IP)
  std::span<const std::string_view> stream_events;
  std::span<const AppEvent> app_events;
  const StreamInput* stream = nullptr;  // TCP sessions with raw stream tracking
  bool stream_only = false;  // a pseudo packet carrying stream data (gap, flow end): only stream rules run
};

// Which rules see a transaction from one side. When that side completes before
// the other (an HTTP request before its response), SideComplete: the rules that
// look at that side alone (fixed to it and reading none of the other side's
// buffers) and the rules not fixed to a side, which see that side's values; when
// the transaction is done, AfterSide for that side's view: the rules fixed to it
// that also read the other side. All: every rule of the view.
struct RuleSelection {
  enum class Kind : uint8_t { All, SideComplete, AfterSide };
  Kind kind = Kind::All;
  PacketDirection side = PacketDirection::ToServer;
};

struct TransactionInput {
  const decode::Packet* packet = nullptr;  // the packet that completed it; nullptr at flow end
  const FlowFacts& flow;
  uint64_t tx_id = 0;
  const proto::EveFields& buffers;
  RuleSelection rules;
  bool frame = false;  // buffers are a frame's: only the frame rules run, and only there
};

}  // namespace rampart::detect
