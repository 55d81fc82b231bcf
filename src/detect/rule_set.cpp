#include "detect/rule_set.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <unordered_map>

#include "detect/text.hpp"
#include "detect/variable_names.hpp"

namespace rampart::detect {

namespace {

constexpr size_t kBucketTcp = 0, kBucketUdp = 1, kBucketIcmp = 2, kBucketSctp = 3, kBucketOther = 4;

int action_rank(Action a) {
  switch (a) {
    case Action::Pass: return 0;
    case Action::Drop: return 1;
    case Action::Reject:
    case Action::RejectSrc:
    case Action::RejectDst:
    case Action::RejectBoth: return 2;
    case Action::Alert: return 3;
  }
  return 3;
}

// Suricata runs rules that set flowbits (and xbits) before the rules that read them,
// so a reader sees a bit set by an earlier rule on the same packet.
int flowbit_rank(const Signature& sig) {
  bool sets = false, reads = false;
  auto note = [&](const std::string& command) {
    if (command == "isset" || command == "isnotset") reads = true;
    if (command == "set" || command == "unset" || command == "toggle") sets = true;
  };
  for (const auto& f : sig.flowbits) note(f.command);
  for (const auto& x : sig.xbits) note(x.command);
  if (sets && !reads) return 0;
  if (sets) return 1;
  return reads ? 3 : 2;
}

Transport transport_of(std::string_view protocol) {
  if (protocol.starts_with("tcp")) return Transport::Tcp;
  if (protocol == "udp") return Transport::Udp;
  if (protocol.starts_with("icmp")) return Transport::Icmp;
  if (protocol == "sctp") return Transport::Sctp;
  return Transport::Any;
}

std::string normalized_app_proto(std::string_view proto) {
  if (proto == "http1") return "http";
  return std::string(proto);
}

PacketBuffer packet_buffer_of(std::string_view name) {
  if (name == "pkt_data") return PacketBuffer::Payload;
  if (name == "base64_data") return PacketBuffer::Base64Data;
  if (name == "ipv4.hdr" || name == "ipv6.hdr") return PacketBuffer::IpHeader;
  if (name == "tcp.hdr" || name == "udp.hdr" || name == "icmpv4.hdr" || name == "icmpv6.hdr") return PacketBuffer::TransportHeader;
  if (name == "ip.src") return PacketBuffer::IpSource;
  if (name == "ip.dst") return PacketBuffer::IpDestination;
  return PacketBuffer::NotPacket;
}

bool is_anchored(const ContentMatch& c) { return !c.is_relative() && (c.depth || c.offset || c.startswith); }

// Suricata's choice of pkt_data for a rule on TCP (detect-parse.c): a rule with payload
// matches inspects the stream; dsize, tcp-pkt and flow:no_stream keep it on the packet
// (and so does rawbytes here, as before); a content with depth or offset, or
// stream_size, inspects the stream and then the packet.
PayloadSource payload_source_of(const CompiledRule& r) {
  const Signature& s = r.sig;
  bool payload = false, anchored = false, rawbytes = false;
  for (size_t i = 0; i < s.inspections.size(); ++i) {
    if (r.packet_buffers[i] != PacketBuffer::Payload) continue;
    payload = true;
    for (const auto& m : s.inspections[i].matches) {
      const auto* c = std::get_if<ContentMatch>(&m);
      const auto* d = std::get_if<IsDataAt>(&m);
      anchored = anchored || (c != nullptr && is_anchored(*c));
      rawbytes = rawbytes || (c != nullptr && c->rawbytes) || (d != nullptr && d->rawbytes);
    }
  }
  bool dsize = std::any_of(r.header.begin(), r.header.end(),
                           [](const CompiledHeaderCondition& c) { return c.field == HeaderField::Dsize; });
  if (!payload || rawbytes || dsize || s.header.protocol == "tcp-pkt" || s.flow.stream == false)
    return PayloadSource::Packet;
  if (s.header.protocol == "tcp-stream" || s.flow.stream == true) return PayloadSource::Stream;
  return anchored || !s.stream_sizes.empty() ? PayloadSource::StreamThenPacket : PayloadSource::Stream;
}

// As Suricata's SignatureCreateMask: payload keywords, or a dsize that 0 cannot satisfy
// (dsize:<N and dsize:0 also hold on an empty payload).
bool needs_payload_of(const CompiledRule& r) {
  if (std::find(r.packet_buffers.begin(), r.packet_buffers.end(), PacketBuffer::Payload) != r.packet_buffers.end())
    return true;
  return std::any_of(r.header.begin(), r.header.end(), [](const CompiledHeaderCondition& c) {
    using Op = NumericCondition::Op;
    const Op op = c.condition.op;
    return c.field == HeaderField::Dsize && (op == Op::Greater || op == Op::GreaterOrEqual || op == Op::NotEqual ||
                                             op == Op::Between || (op == Op::Equal && c.condition.value > 0));
  });
}

std::optional<HeaderField> header_field_of(std::string_view name) {
  static constexpr std::pair<std::string_view, HeaderField> kFields[] = {
      {"ttl", HeaderField::Ttl},         {"id", HeaderField::Id},           {"fragoffset", HeaderField::FragOffset},
      {"seq", HeaderField::Seq},         {"ack", HeaderField::Ack},         {"window", HeaderField::Window},
      {"itype", HeaderField::IType},     {"icode", HeaderField::ICode},     {"icmp_id", HeaderField::IcmpId},
      {"icmp_seq", HeaderField::IcmpSeq}, {"ip_proto", HeaderField::IpProto}, {"dsize", HeaderField::Dsize},
      {"tcp.mss", HeaderField::TcpMss}};
  for (const auto& [n, f] : kFields)
    if (n == name) return f;
  return std::nullopt;
}

std::optional<CompiledFlowbit::Op> flowbit_op(std::string_view command) {
  if (command == "set") return CompiledFlowbit::Op::Set;
  if (command == "unset") return CompiledFlowbit::Op::Unset;
  if (command == "toggle") return CompiledFlowbit::Op::Toggle;
  if (command == "isset") return CompiledFlowbit::Op::IsSet;
  if (command == "isnotset") return CompiledFlowbit::Op::IsNotSet;
  return std::nullopt;
}

std::optional<CompiledFlowint::Op> flowint_op(std::string_view op) {
  using Op = CompiledFlowint::Op;
  static constexpr std::pair<std::string_view, Op> kOps[] = {
      {"=", Op::Assign},  {"+", Op::Add},      {"-", Op::Subtract},     {"==", Op::Equal},
      {"!=", Op::NotEqual}, {"<", Op::Less},   {">", Op::Greater},      {"<=", Op::LessOrEqual},
      {">=", Op::GreaterOrEqual}, {"isset", Op::IsSet}, {"notset", Op::NotSet}, {"isnotset", Op::NotSet}};
  for (const auto& [n, o] : kOps)
    if (n == op) return o;
  return std::nullopt;
}

// Why the engine cannot run sig, or "" when it can.
std::string unsupported_reason(const Signature& sig) {
  for (const auto& c : sig.app_conditions)
    if (c.keyword != "app-layer-protocol") return fmt::format("{} is not evaluated yet", c.keyword);
  return {};
}

// A rule on a protocol's generic stream frame (proto/stream_frame.hpp).
bool reads_stream_frame(const Signature& s) {
  return std::any_of(s.inspections.begin(), s.inspections.end(),
                     [](const auto& i) { return i.frame && i.buffer.ends_with(".stream"); });
}

bool checks_flowbits(const Signature& s) {
  return std::any_of(s.flowbits.begin(), s.flowbits.end(),
                     [](const FlowbitCommand& f) { return f.command == "isset" || f.command == "isnotset"; }) ||
         std::any_of(s.xbits.begin(), s.xbits.end(),
                     [](const XbitCommand& x) { return x.command == "isset" || x.command == "isnotset"; });
}

AppLayerProtocolCondition app_layer_protocol_condition(std::string_view value) {
  AppLayerProtocolCondition c;
  auto comma = value.find(',');
  std::string_view name = trim(value.substr(0, comma));
  c.negated = name.starts_with('!');
  if (c.negated) name.remove_prefix(1);
  c.name = std::string(name);
  c.original = comma != std::string_view::npos && trim(value.substr(comma + 1)) == "original";
  return c;
}

// Suricata's IP-only rules: protocol ip, addresses only (flowbits may be set);
// they are checked on the first packet of each flow direction.
bool is_ip_only(const CompiledRule& r) {
  const Signature& s = r.sig;
  return s.header.protocol == "ip" && s.header.source_ports.is_any() && s.header.destination_ports.is_any() &&
         s.inspections.empty() && r.header.empty() && s.bits_conditions.empty() && s.ip_options.empty() &&
         s.checksums.empty() && !s.same_ip && s.events.empty() && !checks_flowbits(s) && s.flowints.empty() &&
         r.app_layer_protocols.empty() && s.flow.direction == FlowDirection::Any && !s.flow.established && !s.flow.stream &&
         !s.flow.fragment && s.app_protocol.empty() && s.stream_sizes.empty() && s.flow_counters.empty();
}

// A side of a header that names a few addresses rather than a network of them.
bool is_address_list(const AddressSet& side) {
  if (side.is_any() || side.v6.is_full()) return false;
  uint64_t covered = 0;
  for (const auto& i : side.v4.intervals()) covered += uint64_t{i.last} - i.first + 1;
  return covered <= (uint64_t{1} << 20);
}

// Rules without payload whose source or destination is an address list (ET's TOR
// and reputation rules over tcp/udp, often with flags:S): found through the
// address index on every packet, then verified in full.
bool is_address_indexed(const CompiledRule& r) {
  const Signature& s = r.sig;
  return !r.transactional && s.inspections.empty() && s.events.empty() &&
         (is_address_list(s.header.source) || is_address_list(s.header.destination));
}

// A fast pattern this short is in many packets and slows the scan of every packet of
// its group (ET Open: patterns of 1-3 bytes were 40% of the TCP payload scan). A packet
// rule with one that names a few ports is checked, without a prefilter, only on the
// packets of those ports.
constexpr size_t kShortPattern = 4;
constexpr uint64_t kFewPorts = 16;

uint64_t port_count(const PortSet& side) {
  uint64_t n = 0;
  for (const auto& i : side.ports.intervals()) n += uint64_t{i.last} - i.first + 1;
  return n;
}

bool short_pattern_on_few_ports(const CompiledRule& r, const LiteralPattern& pattern) {
  const RuleHeader& h = r.sig.header;
  return !r.transactional && pattern.bytes.size() < kShortPattern &&
         (port_count(h.source_ports) <= kFewPorts || port_count(h.destination_ports) <= kFewPorts);
}

// Port groups per transport and direction, at most this many (as Suricata's
// toserver-groups and toclient-groups); the groups of these ports (Suricata's
// "whitelisted" ones, in the order of the traffic they usually carry) are kept
// before others.
constexpr size_t kMaxPortGroups[2] = {8, 4};  // to server, to client
constexpr uint16_t kPreferredTcpPorts[] = {80, 443, 445, 53, 139, 25, 21, 22, 8080, 3389, 1433, 3306};
constexpr uint16_t kPreferredUdpPorts[] = {53, 443, 123, 135, 5060, 161};
// A transaction holds both sides, so its groups take the to-server limit; its
// protocol may run over TCP or UDP.
constexpr size_t kMaxTransactionPortGroups = kMaxPortGroups[0];
// Every group of a protocol compiles the patterns of its rules on any port again, so
// its transaction rules are split by port only when the rules on ports are at least
// this share of the others (ET Open's HTTP rules: about 7,400 on any port, 80 on ports
// would have made 8 databases per buffer of almost the same patterns).
constexpr size_t kPortRulesShareToSplit = 4;  // a rule on ports per 4 on any port
constexpr uint16_t kPreferredTransactionPorts[] = {80, 443, 445, 53, 139, 25, 21, 22, 8080, 3389, 1433, 3306, 123, 135, 5060, 161};

// The ports a rule is grouped by: the server's side, which is the destination of a
// packet to the server and the source of one to the client; either side for "<>".
PortSet group_ports(const RuleHeader& h, bool to_client) {
  const PortSet& server = to_client ? h.source_ports : h.destination_ports;
  return h.bidirectional ? server.united(to_client ? h.destination_ports : h.source_ports) : server;
}

// The server's ports of a transaction rule: those of its side when its direction is
// fixed; either side otherwise, as it takes the direction of a one-way transaction.
PortSet transaction_group_ports(const CompiledRule& r) {
  const RuleHeader& h = r.sig.header;
  if (r.direction_fixed) return group_ports(h, r.to_client);
  return group_ports(h, false).united(group_ports(h, true));
}

// Compares pattern sets, to compile each distinct one once.
struct PatternSetLess {
  bool operator()(std::span<const LiteralPattern> a, std::span<const LiteralPattern> b) const {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](const LiteralPattern& x, const LiteralPattern& y) { return x.bytes < y.bytes; });
  }
};

}  // namespace

std::string_view transport_bucket_name(size_t bucket) {
  static constexpr std::string_view kNames[RuleSet::kTransportBuckets] = {"tcp", "udp", "icmp", "sctp", "other"};
  return bucket < RuleSet::kTransportBuckets ? kNames[bucket] : "?";
}

bool selection_includes(const CompiledRule& r, RuleSelection selection) {
  bool fixed_here = r.direction_fixed && r.to_client == (selection.side == PacketDirection::ToClient);
  switch (selection.kind) {
    case RuleSelection::Kind::All: return true;
    case RuleSelection::Kind::SideComplete: return !r.direction_fixed || (fixed_here && r.one_side_only);
    case RuleSelection::Kind::AfterSide: return fixed_here && !r.one_side_only;
  }
  return true;
}

size_t transport_bucket(uint8_t ip_proto) {
  switch (ip_proto) {
    case 6: return kBucketTcp;
    case 17: return kBucketUdp;
    case 1:
    case 58: return kBucketIcmp;
    case 132: return kBucketSctp;
    default: return kBucketOther;
  }
}

// Whether some protocol number of `bucket` passes the rule's ip_proto conditions: an
// ip rule with ip_proto:41 (ET Open's 6in4 rule) would otherwise be checked on every
// TCP, UDP and ICMP packet.
bool ip_proto_allows(const CompiledRule& r, size_t bucket) {
  for (unsigned v = 0; v <= 255; ++v) {
    if (transport_bucket(static_cast<uint8_t>(v)) != bucket) continue;
    if (std::all_of(r.header.begin(), r.header.end(), [v](const CompiledHeaderCondition& c) {
          return c.field != HeaderField::IpProto || c.condition.matches(v);
        }))
      return true;
  }
  return false;
}

// Turns parsed signatures into a RuleSet.
class RuleSetBuilder {
 public:
  RuleSetBuilder(RuleSet& out, std::vector<InactiveRule>& inactive, PatternCache* cache)
      : out_(out), inactive_(inactive), cache_(cache) {}

  void build(std::vector<Signature> signatures) {
    order(signatures);
    out_.rules_.reserve(signatures.size());  // no doubling: the rules are most of a rule set's memory
    for (auto& sig : signatures) compile(std::move(sig));
    signatures = {};  // the moved-from shells, freed before the databases are compiled
    for (auto& rule : out_.rules_) place(rule);
    out_.ip_only_.build();
    group_by_port();
    finish_group_set();
    out_.stats_.rules = out_.rules_.size();
  }

 private:
  // Fast patterns collected for one group and buffer before compiling.
  struct PendingPrefilter {
    std::vector<LiteralPattern> patterns;
    std::vector<std::vector<uint32_t>> rules_of_pattern;
    std::unordered_map<std::string, size_t> index;  // bytes in lower case -> pattern
    size_t database = 0;                            // among the distinct pattern sets
  };
  struct PendingGroup {
    std::map<std::string, PendingPrefilter> prefilters;
    std::vector<uint32_t> unfiltered;
    PortIndex unfiltered_by_port;
  };
  // The packet rules of one transport and direction, or the transaction rules of one
  // application protocol, before and after grouping by port.
  struct PendingPortRules {
    PendingGroup any_port;
    size_t any_port_rules = 0;
    std::vector<PortKeyedRule> keyed;
    PortGroups ports;
    std::vector<PendingGroup> groups;
  };

  // Sorts keys computed once and moves each signature once: sorting the signatures
  // themselves moved ET Open's 15,000 large objects about 200,000 times.
  static void order(std::vector<Signature>& sigs) {
    using Key = std::tuple<int, int, int, size_t>;  // the position keeps the sort stable
    std::vector<Key> keys;
    keys.reserve(sigs.size());
    for (size_t i = 0; i < sigs.size(); ++i)
      keys.emplace_back(action_rank(sigs[i].header.action), flowbit_rank(sigs[i]), sigs[i].meta.priority, i);
    std::sort(keys.begin(), keys.end());
    std::vector<Signature> ordered;
    ordered.reserve(sigs.size());
    for (const auto& key : keys) ordered.push_back(std::move(sigs[std::get<3>(key)]));
    sigs = std::move(ordered);
  }

  void drop(const Signature& sig, std::string reason) { inactive_.push_back({sig.meta.gid, sig.meta.sid, std::move(reason)}); }

  void compile(Signature sig) {
    if (auto reason = unsupported_reason(sig); !reason.empty()) return drop(sig, std::move(reason));
    CompiledRule r;
    r.transport = transport_of(sig.header.protocol);
    r.app_proto = normalized_app_proto(sig.app_protocol);
    bool all_to_client = true, any_app_buffer = false, any_one_sided = false;
    std::array<bool, 2> sides_read{};  // a buffer of the client's side, of the server's
    for (const auto& inspection : sig.inspections) {
      auto chain = TransformChain::compile(inspection.transforms);
      if (!chain) return drop(sig, chain.error());
      r.transforms.push_back(std::move(*chain));
      auto source = packet_buffer_of(inspection.buffer);
      r.packet_buffers.push_back(source);
      if (source == PacketBuffer::NotPacket) {
        any_app_buffer = true;
        all_to_client = all_to_client && inspection.direction == FlowDirection::ToClient;
        any_one_sided = any_one_sided || inspection.direction != FlowDirection::Any;
        if (inspection.direction != FlowDirection::Any) sides_read[inspection.direction == FlowDirection::ToClient] = true;
      }
    }
    r.transactional = any_app_buffer;
    r.frame = std::any_of(sig.inspections.begin(), sig.inspections.end(), [](const auto& i) { return i.frame; });
    r.to_client = sig.flow.direction == FlowDirection::ToClient || (any_app_buffer && all_to_client);
    r.direction_fixed = sig.flow.direction != FlowDirection::Any || any_one_sided;
    r.one_side_only = r.direction_fixed && !sides_read[!r.to_client];
    for (const auto& c : sig.header_conditions) {
      auto field = header_field_of(c.field);
      if (!field) return drop(sig, fmt::format("{} is not evaluated yet", c.field));
      r.header.push_back({*field, c.condition});
    }
    for (const auto& f : sig.flowbits) {
      auto op = flowbit_op(f.command);
      if (!op) continue;  // noalert is carried by Signature::noalert
      CompiledFlowbit bit{*op, {}, f.any_of};
      for (const auto& name : f.names) bit.ids.push_back(intern_variable_name(name));
      r.flowbits.push_back(std::move(bit));
    }
    for (const auto& f : sig.flowints) {
      auto op = flowint_op(f.op);
      if (!op) return drop(sig, fmt::format("flowint operator '{}' is not supported", f.op));
      CompiledFlowint fi{*op, intern_variable_name(f.name), 0, std::nullopt};
      if (f.value) {
        if (f.value->is_variable()) {
          fi.value_of = intern_variable_name(f.value->variable);
        } else {
          fi.value = f.value->value;
        }
      }
      r.flowints.push_back(fi);
    }
    for (const auto& c : sig.app_conditions)
      if (c.keyword == "app-layer-protocol") r.app_layer_protocols.push_back(app_layer_protocol_condition(c.value));
    auto datasets = compile_datasets(sig, DatasetRegistry::process());
    if (!datasets) return drop(sig, datasets.error());
    r.datasets = std::move(*datasets);
    auto xbits = compile_xbits(sig);
    if (!xbits) return drop(sig, xbits.error());
    r.xbits = std::move(*xbits);
    auto reputation = compile_ip_reputation(sig, out_.reputation_.get());
    if (!reputation) return drop(sig, reputation.error());
    r.ip_reputation = std::move(*reputation);
    r.id = static_cast<uint32_t>(out_.rules_.size());
    r.sig = std::move(sig);
    r.payload_source = payload_source_of(r);
    r.needs_payload = needs_payload_of(r);
    out_.rules_.push_back(std::move(r));
  }

  // The fast pattern of r as a literal for a database of `buffer`, if it has one.
  static std::optional<std::pair<std::string, LiteralPattern>> fast_pattern(const CompiledRule& r) {
    const auto& fp = r.sig.fast_pattern;
    if (!fp || fp->buffer >= r.sig.inspections.size()) return std::nullopt;
    const auto& inspection = r.sig.inspections[fp->buffer];
    bool dot_prefixed = inspection.transforms == std::vector<std::string>{"dotprefix"};
    const PacketBuffer source = r.packet_buffers[fp->buffer];
    if ((!r.transforms[fp->buffer].empty() && !dot_prefixed) ||
        (source != PacketBuffer::Payload && source != PacketBuffer::NotPacket))
      return std::nullopt;
    const auto* content = std::get_if<ContentMatch>(&inspection.matches.at(fp->match));
    if (content == nullptr || content->negated || content->pattern.empty()) return std::nullopt;
    std::string bytes = content->pattern;
    if (content->fast_pattern_chop) {
      const auto& chop = *content->fast_pattern_chop;
      if (chop.offset >= bytes.size()) return std::nullopt;
      bytes = bytes.substr(chop.offset, chop.length);
    }
    // dotprefix inspects "." + buffer, so a pattern found there is in the buffer itself
    // once a leading '.' is taken off (the prefilter scans the untransformed buffer).
    if (dot_prefixed && bytes.starts_with('.')) bytes.erase(0, 1);
    if (bytes.find_first_not_of('\0') == std::string::npos) return std::nullopt;
    bytes.resize(prefilter_literal(bytes).size());
    return std::pair{inspection.buffer, LiteralPattern{std::move(bytes)}};
  }

  // A rule with ports is only checked on packets (transactions) its ports allow; a
  // transaction rule on the server's side has its source ports on the server.
  static void add_unfiltered(PendingGroup& group, const CompiledRule& r) {
    const RuleHeader& h = r.sig.header;
    if (h.source_ports.is_any() && h.destination_ports.is_any()) {
      group.unfiltered.push_back(r.id);
    } else if (r.transactional && r.to_client) {
      group.unfiltered_by_port.add(r.id, h.destination_ports, h.source_ports, h.bidirectional);
    } else {
      group.unfiltered_by_port.add(r.id, h.source_ports, h.destination_ports, h.bidirectional);
    }
  }

  // tcp: a group of TCP packets, whose packet rules also go to kPacketRulesBuffer and
  // whose rules that do not require an established session to kUnestablishedBuffer.
  void add_to(PendingGroup& group, const CompiledRule& r, bool tcp = false) {
    auto fp = fast_pattern(r);
    if (!fp || (!r.transactional && fp->first != "pkt_data") || short_pattern_on_few_ports(r, fp->second)) {
      add_unfiltered(group, r);
      return;
    }
    if (tcp && !r.transactional && r.payload_source == PayloadSource::Packet)
      add_pattern(group.prefilters[std::string(kPacketRulesBuffer)], fp->second, r.id);
    if (tcp && !r.transactional && r.sig.flow.established != true)
      add_pattern(group.prefilters[std::string(kUnestablishedBuffer)], fp->second, r.id);
    add_pattern(group.prefilters[fp->first], std::move(fp->second), r.id);
  }

  static void add_pattern(PendingPrefilter& pending, LiteralPattern pattern, uint32_t rule) {
    // The database ignores case, so patterns that differ only in case are one.
    std::string key = to_lower(pattern.bytes);
    auto [it, added] = pending.index.try_emplace(std::move(key), pending.patterns.size());
    if (added) {
      pending.patterns.push_back(std::move(pattern));
      pending.rules_of_pattern.emplace_back();
    }
    pending.rules_of_pattern[it->second].push_back(rule);
  }

  void place(CompiledRule& r) {
    if (is_ip_only(r) || is_address_indexed(r)) {
      r.ip_only = is_ip_only(r);
      out_.ip_only_.add(r.id, r.sig.header.source, r.sig.header.destination, r.sig.header.bidirectional);
      ++(r.ip_only ? out_.stats_.ip_only : out_.stats_.address_indexed);
      return;
    }
    if (r.transactional) {
      ++out_.stats_.transactional;
      if (r.frame) ++out_.stats_.frame_rules;
      if (reads_stream_frame(r.sig)) ++out_.stats_.stream_frame_rules;
      note_keyed(pending_tx_[r.app_proto], transaction_group_ports(r), r);
      return;
    }
    std::vector<size_t> buckets;
    switch (r.transport) {
      case Transport::Tcp: buckets = {kBucketTcp}; break;
      case Transport::Udp: buckets = {kBucketUdp}; break;
      case Transport::Icmp: buckets = {kBucketIcmp}; break;
      case Transport::Sctp: buckets = {kBucketSctp}; break;
      case Transport::Any:
        buckets = r.app_proto.empty() ? std::vector<size_t>{kBucketTcp, kBucketUdp, kBucketIcmp, kBucketSctp, kBucketOther}
                                      : std::vector<size_t>{kBucketTcp, kBucketUdp};
        std::erase_if(buckets, [&r](size_t b) { return !ip_proto_allows(r, b); });
        break;
    }
    for (size_t b : buckets)
      for (size_t d = 0; d < 2; ++d) {
        if (r.sig.flow.direction == FlowDirection::ToServer && d == 1) continue;
        if (r.sig.flow.direction == FlowDirection::ToClient && d == 0) continue;
        note_packet_rule(pending_packet_[b][d], b, d == 1, r);
      }
  }

  void note_packet_rule(PendingPortRules& pending, size_t bucket, bool to_client, const CompiledRule& r) {
    const RuleHeader& h = r.sig.header;
    if (bucket == kBucketIcmp || bucket == kBucketOther) {
      // A rule with ports never matches a packet without them.
      if (h.source_ports.is_any() && h.destination_ports.is_any()) add_to(pending.any_port, r);
      return;
    }
    note_keyed(pending, group_ports(h, to_client), r, bucket == kBucketTcp);
  }

  void note_keyed(PendingPortRules& pending, PortSet ports, const CompiledRule& r, bool tcp = false) {
    if (ports.is_any()) {
      add_to(pending.any_port, r, tcp);
      ++pending.any_port_rules;
    } else {
      pending.keyed.push_back({r.id, std::move(ports)});
    }
  }

  static std::span<const uint16_t> preferred_ports(size_t bucket) {
    if (bucket == kBucketTcp) return kPreferredTcpPorts;
    if (bucket == kBucketUdp) return kPreferredUdpPorts;
    return {};
  }

  void group_by_port() {
    for (size_t b = 0; b < RuleSet::kTransportBuckets; ++b)
      for (size_t d = 0; d < 2; ++d) group(pending_packet_[b][d], kMaxPortGroups[d], preferred_ports(b), b == kBucketTcp);
    for (auto& [proto, pending] : pending_tx_) {
      bool split = pending.keyed.size() * kPortRulesShareToSplit >= pending.any_port_rules;
      group(pending, split ? kMaxTransactionPortGroups : 1, kPreferredTransactionPorts);
    }
  }

  void group(PendingPortRules& pending, size_t max_groups, std::span<const uint16_t> preferred, bool tcp = false) {
    pending.ports = PortGroups::plan(pending.keyed, max_groups, preferred);
    pending.keyed = {};
    // Every group holds the rules on any port and its own.
    pending.groups.assign(pending.ports.size(), pending.any_port);
    pending.any_port = {};
    for (size_t g = 0; g < pending.groups.size(); ++g)
      for (uint32_t id : pending.ports.keyed_rules(g)) add_to(pending.groups[g], out_.rules_[id], tcp);
  }

  using SharedDatabase = std::shared_ptr<const PatternDatabase>;

  // The distinct pattern sets of all groups, compiled on all cores in group order
  // (packet groups by bucket, direction and port group, then transaction groups by
  // protocol and port group; buffers in order); nullptr for a set that did not compile.
  std::vector<SharedDatabase> compile_databases() {
    std::map<std::span<const LiteralPattern>, size_t, PatternSetLess> distinct;
    std::vector<std::span<const LiteralPattern>> sets;
    auto add = [&](PendingGroup& g) {
      for (auto& [buffer, p] : g.prefilters) {
        auto [it, added] = distinct.try_emplace(std::span<const LiteralPattern>(p.patterns), sets.size());
        if (added) sets.push_back(it->first);
        p.database = it->second;
      }
    };
    for (auto& per_dir : pending_packet_)
      for (auto& rules : per_dir)
        for (auto& g : rules.groups) add(g);
    for (auto& [proto, rules] : pending_tx_)
      for (auto& g : rules.groups) add(g);
    std::vector<SharedDatabase> out;
    for (auto& db : PatternDatabase::compile_all(sets, std::thread::hardware_concurrency(), cache_)) {
      if (!db) {
        out.emplace_back();
        continue;
      }
      out_.stats_.patterns += db->size();
      ++out_.stats_.databases;
      out.push_back(std::make_shared<const PatternDatabase>(std::move(*db)));
    }
    return out;
  }

  // The views of a one-way transaction in which some rule of the prefilter can run,
  // per kind of selection.
  std::array<std::array<bool, 2>, 3> views_of(const std::vector<std::vector<uint32_t>>& rules_of_pattern) const {
    using Kind = RuleSelection::Kind;
    std::array<std::array<bool, 2>, 3> views{};
    for (const auto& rules : rules_of_pattern)
      for (uint32_t id : rules) {
        const CompiledRule& r = out_.rules_[id];
        for (Kind kind : {Kind::All, Kind::SideComplete, Kind::AfterSide})
          for (bool to_client : {false, true}) {
            RuleSelection selection{kind, to_client ? PacketDirection::ToClient : PacketDirection::ToServer};
            if ((!r.direction_fixed || r.to_client == to_client) && selection_includes(r, selection))
              views[static_cast<size_t>(kind)][to_client] = true;
          }
      }
    return views;
  }

  RuleGroup finish_group(PendingGroup& pending, const std::vector<SharedDatabase>& databases) const {
    RuleGroup group;
    std::sort(pending.unfiltered.begin(), pending.unfiltered.end());
    group.unfiltered = std::move(pending.unfiltered);
    group.unfiltered_by_port = std::move(pending.unfiltered_by_port);
    group.unfiltered_by_port.build();
    for (auto& [buffer, p] : pending.prefilters) {
      const auto& db = databases[p.database];
      if (!db) {
        // Keep the rules by checking them without a prefilter.
        for (const auto& rules : p.rules_of_pattern) group.unfiltered.insert(group.unfiltered.end(), rules.begin(), rules.end());
        std::sort(group.unfiltered.begin(), group.unfiltered.end());
        continue;
      }
      auto views = views_of(p.rules_of_pattern);
      group.prefilters.push_back({buffer, db, std::move(p.rules_of_pattern), views});
    }
    return group;
  }

  PortRuleGroups finish_port_groups(PendingPortRules& pending, const std::vector<SharedDatabase>& databases) const {
    PortRuleGroups out;
    out.ports = std::move(pending.ports);
    for (auto& g : pending.groups) out.groups.push_back(finish_group(g, databases));
    return out;
  }

  void finish_group_set() {
    std::vector<bool> prefiltered(out_.rules_.size()), unfiltered(out_.rules_.size());
    auto databases = compile_databases();
    for (size_t b = 0; b < RuleSet::kTransportBuckets; ++b)
      for (size_t d = 0; d < 2; ++d) {
        out_.packet_groups_[b][d] = finish_port_groups(pending_packet_[b][d], databases);
        out_.stats_.packet_groups += out_.packet_groups_[b][d].groups.size();
      }
    for (auto& [proto, pending] : pending_tx_) {
      const auto& groups = out_.transaction_groups_.emplace(proto, finish_port_groups(pending, databases)).first->second;
      out_.stats_.transaction_groups += groups.groups.size();
    }
    auto note = [&](const RuleGroup& g) {
      for (auto id : g.unfiltered) unfiltered[id] = true;
      for (auto id : g.unfiltered_by_port.rules()) unfiltered[id] = true;
      for (const auto& p : g.prefilters)
        for (const auto& rules : p.rules_of_pattern)
          for (auto id : rules) prefiltered[id] = true;
    };
    for (const auto& per_dir : out_.packet_groups_)
      for (const auto& groups : per_dir)
        for (const auto& g : groups.groups) note(g);
    for (const auto& [proto, groups] : out_.transaction_groups_)
      for (const auto& g : groups.groups) note(g);
    out_.stats_.prefiltered = static_cast<size_t>(std::count(prefiltered.begin(), prefiltered.end(), true));
    out_.stats_.unfiltered = static_cast<size_t>(std::count(unfiltered.begin(), unfiltered.end(), true));
  }

  RuleSet& out_;
  std::vector<InactiveRule>& inactive_;
  PatternCache* cache_;
  std::array<std::array<PendingPortRules, 2>, RuleSet::kTransportBuckets> pending_packet_;
  std::map<std::string, PendingPortRules> pending_tx_;
};

std::shared_ptr<const RuleSet> RuleSet::build(std::vector<Signature> signatures, std::vector<InactiveRule>& inactive,
                                              size_t parse_failed, size_t skipped,
                                              std::shared_ptr<const IpReputation> reputation, PatternCache* cache) {
  auto set = std::make_shared<RuleSet>();
  set->reputation_ = std::move(reputation);
  size_t inactive_before = inactive.size();
  RuleSetBuilder(*set, inactive, cache).build(std::move(signatures));
  set->stats_.rules_failed = parse_failed + (inactive.size() - inactive_before);
  set->stats_.rules_skipped = skipped;
  return set;
}

const RuleGroup* RuleSet::transaction_group(std::string_view app_proto, uint16_t server_port) const {
  auto it = transaction_groups_.find(app_proto);
  return it == transaction_groups_.end() ? nullptr : &it->second.for_port(server_port);
}

std::vector<const PatternDatabase*> RuleSet::databases() const {
  std::vector<const PatternDatabase*> out;
  auto add = [&out](const RuleGroup& g) {
    for (const auto& p : g.prefilters) out.push_back(p.database.get());
  };
  for (const auto& per_dir : packet_groups_)
    for (const auto& groups : per_dir)
      for (const auto& g : groups.groups) add(g);
  for (const auto& [proto, groups] : transaction_groups_)
    for (const auto& g : groups.groups) add(g);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace rampart::detect
