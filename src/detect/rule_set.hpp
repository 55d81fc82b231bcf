#pragma once
// A rule set compiled for matching, immutable once built and shared by all workers
// (a reload builds a new one and swaps it in). Rules are numbered in Suricata's
// evaluation order (pass before drop before reject before alert, flowbit setters
// before readers, then priority). Packet rules are grouped by transport, flow
// direction and the server's port (PortGroups), transaction rules by application
// protocol and the server's port; in each group every rule's fast pattern goes into one Vectorscan database
// per buffer (groups with the same patterns share it), and a rule without a usable
// fast pattern is checked on every packet (or transaction) of its group whose ports
// its header allows (PortIndex).
// Rules without payload over address lists live in an address index (IpOnlyIndex).
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "detect/dataset_match.hpp"
#include "detect/detect_input.hpp"
#include "detect/ip_only_index.hpp"
#include "detect/ip_reputation.hpp"
#include "detect/pattern_database.hpp"
#include "detect/port_groups.hpp"
#include "detect/port_index.hpp"
#include "detect/signature.hpp"
#include "detect/transform_chain.hpp"
#include "detect/xbit_match.hpp"

namespace rampart::detect {

enum class Transport : uint8_t { Any, Tcp, Udp, Icmp, Sctp };

enum class HeaderField : uint8_t {
  Ttl, Id, FragOffset, Seq, Ack, Window, IType, ICode, IcmpId, IcmpSeq, IpProto, Dsize, TcpMss
};

struct CompiledHeaderCondition {
  HeaderField field;
  NumericCondition condition;
};

struct CompiledFlowbit {
  enum class Op : uint8_t { Set, Unset, Toggle, IsSet, IsNotSet };
  Op op;
  std::vector<uint32_t> ids;
  bool any_of = false;  // names joined by '|'
};

struct CompiledFlowint {
  enum class Op : uint8_t { Assign, Add, Subtract, Equal, NotEqual, Less, Greater, LessOrEqual, GreaterOrEqual, IsSet, NotSet };
  Op op;
  uint32_t id = 0;
  int64_t value = 0;
  std::optional<uint32_t> value_of;  // the value is another flowint's
};

// Where a packet-level buffer comes from.
// IpSource / IpDestination: ip.src / ip.dst, the address's 4 or 16 bytes (for datasets).
enum class PacketBuffer : uint8_t { Payload, Base64Data, IpHeader, TransportHeader, IpSource, IpDestination, NotPacket };

// What a packet rule's pkt_data is on TCP, as Suricata decides it (SIG_FLAG_REQUIRE_*):
// the raw stream (a tcp rule with content), the packet (dsize, rawbytes, flow:no_stream,
// tcp-pkt, or no pkt_data at all), or the stream and then the packet (depth/offset
// content, stream_size).
enum class PayloadSource : uint8_t { Packet, Stream, StreamThenPacket };

// app-layer-protocol:[!]NAME[,MODE]. Suricata's modes pick which detection result
// to compare (final, each direction's, either); Rampart finds one protocol per flow,
// so those compare it, and `original` compares the protocol the flow started in
// before a change (STARTTLS, CONNECT). A protocol not known yet never matches, not
// even negated, as in Suricata.
struct AppLayerProtocolCondition {
  std::string name;  // a protocol, or "failed"
  bool negated = false;
  bool original = false;
};

struct CompiledRule {
  Signature sig;
  uint32_t id = 0;  // evaluation rank
  Transport transport = Transport::Any;
  std::string app_proto;      // the flow's app_proto must be this ("" any)
  bool transactional = false;  // inspects application buffers: run per transaction
  bool frame = false;          // inspects a frame (`frame:`): runs per frame, never per transaction
  bool ip_only = false;        // checked on the first packet of each flow direction only
  bool to_client = false;      // transaction rules: whether the server is the rule's source
  bool direction_fixed = false;  // transaction rules: flow:to_* or a one-sided buffer sets the direction
  // Transaction rules fixed to their side that read no buffer of the other side:
  // they can run as soon as their side of the transaction is complete.
  bool one_side_only = false;
  std::vector<TransformChain> transforms;       // per inspection
  std::vector<PacketBuffer> packet_buffers;     // per inspection
  PayloadSource payload_source = PayloadSource::Packet;
  // Suricata's SIG_MASK_REQUIRE_PAYLOAD: the rule inspects pkt_data or its dsize
  // needs bytes, so it skips packets whose payload is not inspected.
  bool needs_payload = false;
  std::vector<CompiledHeaderCondition> header;
  std::vector<CompiledFlowbit> flowbits;
  std::vector<CompiledFlowint> flowints;
  std::vector<AppLayerProtocolCondition> app_layer_protocols;
  std::vector<CompiledDataset> datasets;
  std::vector<CompiledXbit> xbits;  // and hostbits
  std::vector<CompiledIpReputation> ip_reputation;
};

// Whether a transaction rule is among those `selection` runs on a transaction.
bool selection_includes(const CompiledRule& r, RuleSelection selection);

// The prefilter of a TCP packet group's packet rules (PayloadSource::Packet) alone: a
// packet that went into the stream is inspected there by the other payload rules, so
// its own payload is scanned for these patterns only, as Suricata's packet MPM
// leaves out the rules that require the stream.
inline constexpr std::string_view kPacketRulesBuffer = "pkt_data (packet rules)";

// The prefilter of a TCP packet group's payload rules that do not require an
// established session, for the payload of a packet outside one (no handshake seen:
// scans, midstream traffic): the rules with `flow:established` cannot match it.
inline constexpr std::string_view kUnestablishedBuffer = "pkt_data (not established)";

// Fast patterns of one buffer and the rules each one stands for.
struct BufferPrefilter {
  std::string buffer;
  std::shared_ptr<const PatternDatabase> database;  // shared by the groups with the same patterns
  std::vector<std::vector<uint32_t>> rules_of_pattern;
  // Whether a rule in it can run in the client's [0] / the server's [1] view of a
  // one-way transaction, per kind of rule selection: a view skips the buffers whose
  // rules are all fixed to the other side (a response's view does not scan http.uri
  // for request rules) or left out by the selection (the request's view after the
  // response completed rescans none of the request buffers whose rules ran already).
  std::array<std::array<bool, 2>, 3> views{{{true, true}, {true, true}, {true, true}}};
};

struct RuleGroup {
  std::vector<BufferPrefilter> prefilters;
  std::vector<uint32_t> unfiltered;  // checked without a prefilter hit, sorted
  // Checked without a prefilter hit when the ports allow: packet source (transaction
  // client) port first.
  PortIndex unfiltered_by_port;
};

// The packet rules of one transport and direction, or the transaction rules of one
// application protocol, one group per port group; the rules on any port are in
// every group.
struct PortRuleGroups {
  PortGroups ports;
  std::vector<RuleGroup> groups;
  // group_port: the server's port (a packet's destination port to the server, its
  // source port to the client).
  const RuleGroup& for_port(uint16_t group_port) const { return groups[ports.group_of(group_port)]; }
};

struct RuleSetStats {
  size_t rules = 0;          // active
  size_t rules_failed = 0;   // did not parse, or the engine cannot run them
  size_t rules_skipped = 0;  // left out on purpose (requires)
  size_t ip_only = 0;          // Suricata's IP-only rules, in the address index
  size_t address_indexed = 0;  // other payload-less rules over address lists, in the address index
  size_t prefiltered = 0;  // rules entered in a Vectorscan database
  size_t unfiltered = 0;   // rules checked on every packet/transaction of their groups
  size_t transactional = 0;
  size_t frame_rules = 0;  // of those, the rules on frames
  size_t stream_frame_rules = 0;  // of those, the rules on a stream frame (`http1.stream`)
  size_t packet_groups = 0;       // over all transports and directions
  size_t transaction_groups = 0;  // over all application protocols
  size_t databases = 0;      // distinct
  size_t patterns = 0;       // in the distinct databases
};

struct InactiveRule {
  uint32_t gid = 1, sid = 0;
  std::string reason;
};

class RuleSet {
 public:
  static constexpr size_t kTransportBuckets = 5;  // Tcp, Udp, Icmp, Sctp, other
  // Compiles signatures; a rule the engine cannot run is left out and listed.
  // parse_failed and skipped are the loader's counts, kept in the stats; reputation
  // is what iprep rules look up (without it they are inactive). With a cache, the
  // Vectorscan databases of unchanged groups are read from it instead of compiled.
  static std::shared_ptr<const RuleSet> build(std::vector<Signature> signatures, std::vector<InactiveRule>& inactive,
                                              size_t parse_failed = 0, size_t skipped = 0,
                                              std::shared_ptr<const IpReputation> reputation = nullptr,
                                              PatternCache* cache = nullptr);

  const CompiledRule& rule(uint32_t id) const { return rules_[id]; }
  size_t size() const { return rules_.size(); }
  const PortRuleGroups& packet_groups(size_t bucket, bool to_client) const { return packet_groups_[bucket][to_client ? 1 : 0]; }
  // The transaction rules for flows of app_proto ("": the rules of any protocol) to
  // server_port; nullptr when app_proto has none.
  const RuleGroup* transaction_group(std::string_view app_proto, uint16_t server_port) const;
  const std::map<std::string, PortRuleGroups, std::less<>>& transaction_groups() const { return transaction_groups_; }
  const IpOnlyIndex& ip_only() const { return ip_only_; }
  const RuleSetStats& stats() const { return stats_; }
  // Every distinct database, to size a worker's Vectorscan scratch.
  std::vector<const PatternDatabase*> databases() const;

 private:
  std::vector<CompiledRule> rules_;
  std::array<std::array<PortRuleGroups, 2>, kTransportBuckets> packet_groups_;
  std::map<std::string, PortRuleGroups, std::less<>> transaction_groups_;
  IpOnlyIndex ip_only_;
  RuleSetStats stats_;
  std::shared_ptr<const IpReputation> reputation_;

  friend class RuleSetBuilder;
};

// The transport bucket of a packet's IP protocol.
size_t transport_bucket(uint8_t ip_proto);
// The name of a transport bucket (tcp, udp, icmp, sctp, other).
std::string_view transport_bucket_name(size_t bucket);

}  // namespace rampart::detect
