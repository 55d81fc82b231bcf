// The non-payload checks of a rule: protocol, addresses and ports, flow, the packet
// header keywords, IP options, checksums, events, stream_size and iprep.
#include <algorithm>
#include <cctype>
#include <utility>
#include <vector>

#include "detect/ip_only_index.hpp"
#include "detect/rule_matcher.hpp"
#include "detect/stream_size.hpp"

namespace rampart::detect {

namespace {

bool address_in(const AddressSet& set, const IpAddress& a) {
  if (a.is_v4()) return set.v4.contains(ipv4_value(a));
  if (a.is_v6()) return set.v6.contains(ipv6_value(a));
  return false;
}

bool has_ports(uint8_t ip_proto) { return ip_proto == 6 || ip_proto == 17 || ip_proto == 132; }

bool one_way(const RuleHeader& h, const IpAddress& src, uint16_t sp, const IpAddress& dst, uint16_t dp, bool ports) {
  if (!address_in(h.source, src) || !address_in(h.destination, dst)) return false;
  if (ports) return h.source_ports.contains(sp) && h.destination_ports.contains(dp);
  return h.source_ports.is_any() && h.destination_ports.is_any();
}

bool header_matches(const RuleHeader& h, const IpAddress& src, uint16_t sp, const IpAddress& dst, uint16_t dp,
                    bool ports) {
  return one_way(h, src, sp, dst, dp, ports) || (h.bidirectional && one_way(h, dst, dp, src, sp, ports));
}

bool transport_matches(const CompiledRule& r, uint8_t ip_proto) {
  switch (r.transport) {
    case Transport::Any: return true;
    case Transport::Tcp: return ip_proto == 6;
    case Transport::Udp: return ip_proto == 17;
    case Transport::Icmp:
      if (r.sig.header.protocol == "icmpv4") return ip_proto == 1;
      if (r.sig.header.protocol == "icmpv6") return ip_proto == 58;
      return ip_proto == 1 || ip_proto == 58;
    case Transport::Sctp: return ip_proto == 132;
  }
  return false;
}

bool app_proto_matches(const CompiledRule& r, const FlowFacts* flow) {
  if (!r.app_proto.empty() && (flow == nullptr || flow->app_proto != r.app_proto)) return false;
  for (const auto& c : r.app_layer_protocols) {
    std::string_view actual = flow == nullptr ? std::string_view{} : c.original ? flow->app_proto_orig : flow->app_proto;
    if (actual.empty() || c.negated == (actual == c.name)) return false;
  }
  return true;
}

bool flow_matches(const FlowCondition& c, const FlowFacts* flow, const decode::Packet* pkt, bool tx_to_client) {
  if (c.direction != FlowDirection::Any) {
    if (flow == nullptr) return false;
    bool to_client = pkt != nullptr ? flow->direction == PacketDirection::ToClient : tx_to_client;
    if ((c.direction == FlowDirection::ToClient) != to_client) return false;
  }
  if (c.established) {
    bool established = flow != nullptr && flow->established;
    if (*c.established != established) return false;
  }
  if (c.fragment && pkt != nullptr && *c.fragment != pkt->is_reassembled) return false;
  if (c.stream && *c.stream && (pkt == nullptr || pkt->l4 != decode::L4Proto::Tcp)) return false;
  return true;
}

bool is_icmp(const decode::Packet& p) { return p.l4 == decode::L4Proto::Icmp || p.l4 == decode::L4Proto::Icmpv6; }

std::optional<uint64_t> header_value(HeaderField f, const decode::Packet& p) {
  bool tcp = p.l4 == decode::L4Proto::Tcp;
  switch (f) {
    case HeaderField::Ttl: return p.ttl;
    case HeaderField::Id: return p.ip_id;
    case HeaderField::FragOffset: return p.ip_version == 4 ? std::optional<uint64_t>(p.frag.offset / 8) : std::nullopt;
    case HeaderField::Seq: return tcp ? std::optional<uint64_t>(p.tcp_seq) : std::nullopt;
    case HeaderField::Ack: return tcp ? std::optional<uint64_t>(p.tcp_ack) : std::nullopt;
    case HeaderField::Window: return tcp ? std::optional<uint64_t>(p.tcp_window) : std::nullopt;
    case HeaderField::TcpMss: return tcp && p.tcp_opts.has_mss ? std::optional<uint64_t>(p.tcp_opts.mss) : std::nullopt;
    case HeaderField::IType: return is_icmp(p) ? std::optional<uint64_t>(p.icmp_type) : std::nullopt;
    case HeaderField::ICode: return is_icmp(p) ? std::optional<uint64_t>(p.icmp_code) : std::nullopt;
    case HeaderField::IcmpId: return is_icmp(p) ? std::optional<uint64_t>(p.icmp_id) : std::nullopt;
    case HeaderField::IcmpSeq: return is_icmp(p) ? std::optional<uint64_t>(p.icmp_seq) : std::nullopt;
    case HeaderField::IpProto: return p.ip_proto;
    case HeaderField::Dsize: return p.payload.size();
  }
  return std::nullopt;
}

bool bits_match(const BitsCondition& c, uint8_t value) {
  value = static_cast<uint8_t>(value & ~c.ignored);
  switch (c.modifier) {
    case '+': return (value & c.bits) == c.bits;
    case '*': return (value & c.bits) != 0;
    case '!': return (value & c.bits) == 0;
    default: return value == c.bits;
  }
}

std::optional<uint8_t> bits_value(const BitsCondition& c, const decode::Packet& p) {
  if (c.field == "flags") {
    if (p.l4 != decode::L4Proto::Tcp) return std::nullopt;
    return p.tcp_flags;
  }
  if (p.ip_version != 4 || p.ip_header.size() < 20) return std::nullopt;
  uint8_t raw = p.ip_header[6];
  return static_cast<uint8_t>(((raw & 0x20) ? 0x01 : 0) | ((raw & 0x40) ? 0x02 : 0) | ((raw & 0x80) ? 0x04 : 0));
}

bool has_ip_option(const decode::Packet& p, std::string_view name) {
  if (p.ip_version != 4 || p.ip_header.size() <= 20) return false;
  static constexpr std::pair<std::string_view, uint8_t> kOptions[] = {
      {"eol", 0}, {"nop", 1}, {"rr", 7}, {"ts", 68}, {"sec", 130}, {"esec", 133}, {"lsrr", 131}, {"ssrr", 137}, {"satid", 136}};
  auto opts = p.ip_header.subspan(20);
  for (size_t i = 0; i < opts.size();) {
    uint8_t type = opts[i];
    if (name == "any") return true;
    for (const auto& [n, t] : kOptions)
      if (n == name && t == type) return true;
    if (type == 0) break;
    if (type == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= opts.size() || opts[i + 1] < 2) break;
    i += opts[i + 1];
  }
  return false;
}

bool checksum_matches(const ChecksumCondition& c, const decode::Packet& p) {
  bool bad = false;
  if (c.field == "ipv4-csum") {
    if (p.ip_version != 4) return false;
    bad = p.ipv4_checksum_bad;
  } else {
    bool v6 = c.field.find("v6") != std::string::npos;
    if ((p.ip_version == 6) != v6) return false;
    auto want = c.field.starts_with("tcp") ? decode::L4Proto::Tcp
                : c.field.starts_with("udp") ? decode::L4Proto::Udp
                : v6 ? decode::L4Proto::Icmpv6 : decode::L4Proto::Icmp;
    if (p.l4 != want) return false;
    bad = p.l4_checksum_bad;
  }
  return c.valid != bad;
}

bool equal_nocase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

// "http.request_body_unexpected": the protocol (empty when not given) and the event.
std::pair<std::string_view, std::string_view> app_event_name(const EventCondition& e) {
  std::string_view full = e.name;
  auto dot = full.find('.');
  if (dot == std::string_view::npos) return {{}, full};
  return {full.substr(0, dot), full.substr(dot + 1)};
}

bool event_raised(const EventCondition& e, const PacketInput& in) {
  if (e.kind == "decode-event") {
    for (size_t i = 0; i < in.packet.events.size(); ++i)
      if (decode::event_name(in.packet.events[i]) == e.name) return true;
    return false;
  }
  if (e.kind == "stream-event")
    return std::find(in.stream_events.begin(), in.stream_events.end(), e.name) != in.stream_events.end();
  auto [proto, name] = app_event_name(e);
  return std::any_of(in.app_events.begin(), in.app_events.end(), [&](const AppEvent& a) {
    return (proto.empty() || a.protocol == proto) && equal_nocase(a.name, name);
  });
}

// A transaction rule's events are app-layer events raised on the transaction.
bool transaction_events_hold(const std::vector<EventCondition>& events, const TransactionInput& in) {
  if (events.empty()) return true;
  auto raised = in.buffers.events();
  return std::all_of(events.begin(), events.end(), [&](const EventCondition& e) {
    if (e.kind != "app-layer-event") return false;
    auto [proto, name] = app_event_name(e);
    if (!proto.empty() && proto != in.flow.app_proto) return false;
    return std::any_of(raised.begin(), raised.end(), [&](const std::string& r) { return equal_nocase(r, name); });
  });
}

bool packet_keywords_hold(const CompiledRule& r, const decode::Packet& p) {
  for (const auto& c : r.header) {
    auto v = header_value(c.field, p);
    if (!v || !c.condition.matches(*v)) return false;
  }
  for (const auto& c : r.sig.bits_conditions) {
    auto v = bits_value(c, p);
    if (!v || !bits_match(c, *v)) return false;
  }
  for (const auto& o : r.sig.ip_options)
    if (!has_ip_option(p, o)) return false;
  for (const auto& c : r.sig.checksums)
    if (!checksum_matches(c, p)) return false;
  return !r.sig.same_ip || p.src == p.dst;
}

}  // namespace

bool packet_conditions_hold(const CompiledRule& r, const PacketInput& in) {
  const auto& p = in.packet;
  if (!transport_matches(r, p.ip_proto) || !app_proto_matches(r, in.flow)) return false;
  if (!header_matches(r.sig.header, p.src, p.src_port, p.dst, p.dst_port, has_ports(p.ip_proto))) return false;
  if (!flow_matches(r.sig.flow, in.flow, &p, false) || !packet_keywords_hold(r, p)) return false;
  if (!stream_sizes_hold(r.sig.stream_sizes, in.flow) || !flow_counters_hold(r.sig.flow_counters, in.flow) ||
      !ip_reputation_holds(r.ip_reputation, p.src, p.dst))
    return false;
  return std::all_of(r.sig.events.begin(), r.sig.events.end(), [&](const EventCondition& e) { return event_raised(e, in); });
}

bool transaction_conditions_hold(const CompiledRule& r, const TransactionInput& in, bool to_client) {
  const auto& f = in.flow;
  if (!transport_matches(r, f.ip_proto) || !app_proto_matches(r, &f)) return false;
  bool ports = has_ports(f.ip_proto);
  bool header = to_client ? header_matches(r.sig.header, f.server, f.server_port, f.client, f.client_port, ports)
                          : header_matches(r.sig.header, f.client, f.client_port, f.server, f.server_port, ports);
  if (!header || !flow_matches(r.sig.flow, &f, nullptr, to_client)) return false;
  if (!transaction_events_hold(r.sig.events, in) || !stream_sizes_hold(r.sig.stream_sizes, &f) ||
      !flow_counters_hold(r.sig.flow_counters, &f))
    return false;
  if (!ip_reputation_holds(r.ip_reputation, to_client ? f.server : f.client, to_client ? f.client : f.server))
    return false;
  return in.packet != nullptr ? packet_keywords_hold(r, *in.packet) : r.header.empty() && r.sig.bits_conditions.empty();
}

}  // namespace rampart::detect
