#include "output/eve_records.hpp"

#include <charconv>

#include "common/json_writer.hpp"
#include "output/community_id.hpp"
#include "output/eve_common_fields.hpp"

namespace rampart::output {

namespace {

std::string_view hex_byte(uint8_t v, char (&buf)[3]) {
  static constexpr char kHex[] = "0123456789abcdef";
  buf[0] = kHex[v >> 4];
  buf[1] = kHex[v & 0xF];
  buf[2] = '\0';
  return {buf, 2};
}

// One member per TCP flag set in `flags` ("syn": true, ...).
void tcp_flag_members(JsonWriter& w, uint8_t flags) {
  using namespace decode::tcp_flag;
  if (flags & kSyn) w.field("syn", true);
  if (flags & kFin) w.field("fin", true);
  if (flags & kRst) w.field("rst", true);
  if (flags & kPsh) w.field("psh", true);
  if (flags & kAck) w.field("ack", true);
  if (flags & kUrg) w.field("urg", true);
  if (flags & kEce) w.field("ecn", true);
  if (flags & kCwr) w.field("cwr", true);
}

void tcp_object(JsonWriter& w, const flow::Flow& f) {
  uint8_t ts = f.tcp->flags_seen(stream::Direction::ToServer);
  uint8_t tc = f.tcp->flags_seen(stream::Direction::ToClient);
  char buf[3];
  w.begin_object("tcp");
  w.plain_field("tcp_flags", hex_byte(ts | tc, buf));
  w.plain_field("tcp_flags_ts", hex_byte(ts, buf));
  w.plain_field("tcp_flags_tc", hex_byte(tc, buf));
  tcp_flag_members(w, ts | tc);
  w.plain_field("state", stream::tcp_state_name(f.tcp->state()));
  w.field("ts_max_regions", f.tcp->max_regions(stream::Direction::ToServer));
  w.field("tc_max_regions", f.tcp->max_regions(stream::Direction::ToClient));
  w.end_object();
}

constexpr uint8_t kIpProtoEsp = 50;

// The TCP flags one direction sent, as Suricata's netflow records give them.
// What came once the flow was bypassed (the totals before it include them), as
// Suricata's flow record reports a bypassed flow.
void bypassed_object(JsonWriter& w, const flow::Flow& f) {
  w.begin_object("bypassed");
  w.field("pkts_toserver", f.bypassed_pkts[0]).field("pkts_toclient", f.bypassed_pkts[1]);
  w.field("bytes_toserver", f.bypassed_bytes[0]).field("bytes_toclient", f.bypassed_bytes[1]);
  w.end_object();
}

// The exception policies applied to the flow. Rampart runs as an IDS, where they
// are "ignore": only the midstream one is met (a TCP flow not starting with a SYN).
void exception_policy_field(JsonWriter& w, const flow::Flow& f) {
  if (!f.tcp || !f.tcp->midstream_policy_applied()) return;
  w.begin_array("exception_policy");
  w.begin_object();
  w.plain_field("target", "stream_midstream").plain_field("policy", "ignore");
  w.end_object();
  w.end_array();
}

void tcp_direction_object(JsonWriter& w, const flow::Flow& f, stream::Direction dir) {
  uint8_t flags = f.tcp->flags_seen(dir);
  char buf[3];
  w.begin_object("tcp");
  w.plain_field("tcp_flags", hex_byte(flags, buf));
  tcp_flag_members(w, flags);
  w.end_object();
}

void icmp_fields(JsonWriter& w, const flow::Flow& f) {
  if (f.icmp_seen[0]) {
    w.field("icmp_type", uint32_t{f.icmp_type[0]});
    w.field("icmp_code", uint32_t{f.icmp_code[0]});
  }
  if (f.icmp_seen[1]) {
    w.field("response_icmp_type", uint32_t{f.icmp_type[1]});
    w.field("response_icmp_code", uint32_t{f.icmp_code[1]});
  }
}

}  // namespace

std::string_view ip_proto_name(uint8_t proto, char (&scratch)[4]) {
  switch (proto) {
    case 1: return "ICMP";
    case 2: return "IGMP";
    case 6: return "TCP";
    case 17: return "UDP";
    case 41: return "IPv6";
    case 47: return "GRE";
    case 50: return "ESP";
    case 51: return "AH";
    case 58: return "IPv6-ICMP";
    case 132: return "SCTP";
    default: {
      auto [end, ec] = std::to_chars(scratch, scratch + sizeof scratch, unsigned{proto});
      return {scratch, static_cast<size_t>(end - scratch)};
    }
  }
}

namespace {

// Source and destination (the server first when from_server), ip_v and proto of flow f.
void endpoint_fields(JsonWriter& w, const flow::Flow& f, bool from_server) {
  char scratch[4];
  address_field(w, "src_ip", from_server ? f.server : f.client);
  if (has_ports(f.ip_proto)) w.field("src_port", uint32_t{from_server ? f.server_port : f.client_port});
  address_field(w, "dest_ip", from_server ? f.client : f.server);
  if (has_ports(f.ip_proto)) w.field("dest_port", uint32_t{from_server ? f.client_port : f.server_port});
  ip_version_field(w, f.client);
  w.plain_field("proto", ip_proto_name(f.ip_proto, scratch));
}

}  // namespace

void EveRecordWriter::timestamp_field(JsonWriter& w, uint64_t ts_usec, std::string_view key) {
  scratch_.clear();
  timestamps_.append(scratch_, ts_usec);
  w.plain_field(key, scratch_);
}

void EveRecordWriter::community_id_field(JsonWriter& w, const flow::Flow& f) {
  if (!community_id_seed_) return;
  scratch_.clear();
  append_community_id(scratch_, f, *community_id_seed_);
  w.plain_field("community_id", scratch_);
}

void EveRecordWriter::flow_record(std::string& out, const flow::Flow& f, flow::EndReason reason) {
  JsonWriter w(out);
  w.begin_object();
  timestamp_field(w, f.start_usec);
  w.field("flow_id", f.flow_id);
  w.plain_field("event_type", "flow");
  vlan_field(w, f.vlan_ids, f.vlan_count);
  endpoint_fields(w, f, false);
  if (f.ip_proto == 1 || f.ip_proto == 58) icmp_fields(w, f);
  if (f.ip_proto == kIpProtoEsp) w.field("spi", f.key.esp_spi());
  if (f.app) app_proto_fields(w, *f.app);
  tunnel_field(w, f.tunnel);
  community_id_field(w, f);
  flow_variable_fields(w, &f.detect_vars);
  w.begin_object("flow");
  w.field("pkts_toserver", f.pkts[0]).field("pkts_toclient", f.pkts[1]);
  w.field("bytes_toserver", f.bytes[0]).field("bytes_toclient", f.bytes[1]);
  if (f.bypassed) bypassed_object(w, f);
  timestamp_field(w, f.start_usec, "start");
  timestamp_field(w, f.last_usec, "end");
  w.field("age", (f.last_usec / 1'000'000) - (f.start_usec / 1'000'000));
  if (f.bypassed) {  // Suricata's local bypass (encryption-handling: bypass)
    w.plain_field("state", "bypassed").plain_field("bypass", "local");
  } else {
    w.plain_field("state", flow::flow_state_name(f.state));
  }
  w.plain_field("reason", flow::end_reason_name(reason));
  w.field("alerted", f.alerted);
  if (f.emergency) w.field("emergency", true);
  exception_policy_field(w, f);
  if (f.app && f.app->transactions() > 0) w.field("tx_cnt", f.app->transactions());
  w.end_object();
  if (f.tcp) tcp_object(w, f);
  w.end_object();
}

void EveRecordWriter::netflow_record(std::string& out, const flow::Flow& f, stream::Direction dir) {
  JsonWriter w(out);
  const bool to_client = dir == stream::Direction::ToClient;
  const size_t side = to_client ? 1 : 0;
  w.begin_object();
  timestamp_field(w, f.start_usec);
  w.field("flow_id", f.flow_id);
  w.plain_field("event_type", "netflow");
  vlan_field(w, f.vlan_ids, f.vlan_count);
  endpoint_fields(w, f, to_client);
  if ((f.ip_proto == 1 || f.ip_proto == 58) && f.icmp_seen[side]) {
    w.field("icmp_type", uint32_t{f.icmp_type[side]});
    w.field("icmp_code", uint32_t{f.icmp_code[side]});
  }
  if (f.ip_proto == kIpProtoEsp) w.field("spi", f.key.esp_spi());
  if (f.app && !f.app->app_proto().empty()) w.plain_field("app_proto", f.app->app_proto());
  tunnel_field(w, f.tunnel);
  community_id_field(w, f);
  w.begin_object("netflow");
  w.field("pkts", f.pkts[side]).field("bytes", f.bytes[side]);
  timestamp_field(w, f.start_usec, "start");
  timestamp_field(w, f.last_usec, "end");
  w.field("age", (f.last_usec / 1'000'000) - (f.start_usec / 1'000'000));
  if (f.pkts[side] > 0) w.field("min_ttl", uint32_t{f.min_ttl[side]}).field("max_ttl", uint32_t{f.max_ttl[side]});
  w.end_object();
  if (f.tcp) tcp_direction_object(w, f, dir);
  w.end_object();
}

// Timestamp, flow id, packet number, type, VLANs, addresses, ports and protocol
// of a record about flow f, written from pkt's point of view when asked.
void EveRecordWriter::flow_header(JsonWriter& w, const flow::Flow& f, const decode::Packet* pkt,
                                  std::string_view event_type, proto::LogDirection direction) {
  timestamp_field(w, pkt != nullptr ? pkt->ts_usec : f.last_usec);
  w.field("flow_id", f.flow_id);
  if (pkt != nullptr) w.field("pcap_cnt", pkt->pcap_cnt);
  w.plain_field("event_type", event_type);
  vlan_field(w, f.vlan_ids, f.vlan_count);
  bool swap = direction == proto::LogDirection::FromServer ||
              (direction == proto::LogDirection::Packet && pkt != nullptr &&
               f.direction_of(*pkt) == stream::Direction::ToClient);
  endpoint_fields(w, f, swap);
  if (pkt != nullptr) w.plain_field("pkt_src", pkt->is_reassembled ? "defrag" : "wire/pcap");
  tunnel_field(w, f.tunnel);
  community_id_field(w, f);
  flow_variable_fields(w, &f.detect_vars);
}

void EveRecordWriter::transaction_record(std::string& out, const flow::Flow& f, const decode::Packet* pkt,
                                         std::string_view event_type, uint64_t tx_id,
                                         proto::LogDirection direction, const proto::EveFields& fields,
                                         size_t part) {
  JsonWriter w(out);
  w.begin_object();
  direction = fields.log_direction(transaction_options_, direction);
  flow_header(w, f, pkt, event_type, direction);
  w.field("tx_id", tx_id);
  fields.write_part(w, transaction_options_, part);
  w.end_object();
}

void EveRecordWriter::applayer_anomaly_record(std::string& out, const flow::Flow& f, const decode::Packet* pkt,
                                              std::string_view event, std::optional<uint64_t> tx_id) {
  JsonWriter w(out);
  w.begin_object();
  flow_header(w, f, pkt, "anomaly", proto::LogDirection::Packet);
  if (tx_id) w.field("tx_id", *tx_id);
  w.begin_object("anomaly");
  if (f.app) w.plain_field("app_proto", f.app->app_proto());
  w.plain_field("type", "applayer");
  w.field("event", event);
  w.plain_field("layer", "proto_parser");
  w.end_object();
  w.end_object();
}

// As Suricata's anomaly logger: enough for the link and IP headers.
constexpr size_t kAnomalyPacketHeaderBytes = 32;

// Timestamp, flow id, packet number, type, VLANs, the packet's own addresses and
// ports (when it has them), protocol, source and tunnel.
void EveRecordWriter::packet_header(JsonWriter& w, const decode::Packet& pkt, const flow::Flow* f,
                                    std::string_view event_type) {
  char scratch[4];
  timestamp_field(w, pkt.ts_usec);
  if (f != nullptr) w.field("flow_id", f->flow_id);
  w.field("pcap_cnt", pkt.pcap_cnt);
  w.plain_field("event_type", event_type);
  vlan_field(w, pkt.vlan_ids, pkt.vlan_count);
  if (pkt.ip_version != 0) {
    address_field(w, "src_ip", pkt.src);
    if (pkt.l4 == decode::L4Proto::Tcp || pkt.l4 == decode::L4Proto::Udp) w.field("src_port", uint32_t{pkt.src_port});
    address_field(w, "dest_ip", pkt.dst);
    if (pkt.l4 == decode::L4Proto::Tcp || pkt.l4 == decode::L4Proto::Udp) w.field("dest_port", uint32_t{pkt.dst_port});
    ip_version_field(w, pkt.src);
    w.plain_field("proto", ip_proto_name(pkt.ip_proto, scratch));
  }
  w.plain_field("pkt_src", pkt.is_reassembled ? "defrag" : "wire/pcap");
  tunnel_field(w, pkt.tunnel);
  if (f != nullptr) community_id_field(w, *f);
}

void EveRecordWriter::packet_record(std::string& out, const decode::Packet& pkt, const flow::Flow* f) {
  JsonWriter w(out);
  w.begin_object();
  packet_header(w, pkt, f, "packet");
  packet_fields(w, pkt);
  w.end_object();
}

void EveRecordWriter::anomaly_record(std::string& out, const decode::Packet& pkt, const flow::Flow* f,
                                     std::string_view type, std::string_view event_prefix,
                                     std::string_view event_name) {
  JsonWriter w(out);
  w.begin_object();
  packet_header(w, pkt, f, "anomaly");
  if (anomaly_packet_header_ && !pkt.pseudo) packet_fields(w, pkt, kAnomalyPacketHeaderBytes);
  w.begin_object("anomaly");
  w.plain_field("type", type);
  w.field("event", event_prefix, event_name);
  w.end_object();
  w.end_object();
}

void EveRecordWriter::render_alert_transaction(std::string& out, const proto::EveFields& fields) const {
  out.clear();
  JsonWriter w(out);
  w.begin_object();
  fields.write_with(w, alert_record_options_);
  w.end_object();
  // Only the members: the alert record they join has its own braces.
  out.erase(out.size() - 1);
  out.erase(0, 1);
}

}  // namespace rampart::output
