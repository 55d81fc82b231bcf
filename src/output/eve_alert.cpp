// The EVE "alert" record, laid out as Suricata 8 writes it.
#include <algorithm>

#include "common/byte_text.hpp"
#include "common/json_writer.hpp"
#include "output/eve_common_fields.hpp"
#include "output/eve_records.hpp"
#include "output/forwarded_address.hpp"

namespace rampart::output {

namespace {

// alert.context: the rule's alert: captures.
void context_object(JsonWriter& w, std::span<const detect::AlertVar> vars) {
  bool open = false;
  for (const auto& v : vars) {
    if (v.scope != detect::CaptureScope::Alert) continue;
    if (!open) w.begin_object("context");
    open = true;
    w.field(v.name, v.value);
  }
  if (open) w.end_object();
}

void rule_object(JsonWriter& w, const detect::Alert& alert, const IpAddress* xff) {
  const detect::Signature& sig = alert.rule->sig;
  w.begin_object("alert");
  w.plain_field("action", "allowed");
  w.field("gid", uint64_t{sig.meta.gid});
  w.field("signature_id", uint64_t{sig.meta.sid});
  w.field("rev", uint64_t{sig.meta.rev});
  w.field("signature", sig.meta.msg);
  w.field("category", sig.meta.class_description);  // Suricata writes "" without a classtype
  w.field("severity", int64_t{sig.meta.priority});
  const auto& metadata = sig.meta.metadata;
  if (!metadata.empty()) {
    w.begin_object("metadata");
    for (size_t i = 0; i < metadata.size(); ++i) {
      const auto& key = metadata[i].first;
      bool first_of_key = true;
      for (size_t k = 0; k < i; ++k) first_of_key = first_of_key && metadata[k].first != key;
      if (!first_of_key) continue;
      w.begin_array(key);
      for (size_t k = i; k < metadata.size(); ++k)
        if (metadata[k].first == key) w.element(metadata[k].second);
      w.end_array();
    }
    w.end_object();
  }
  context_object(w, alert.vars);
  if (xff != nullptr) address_field(w, "xff", *xff);
  w.end_object();
}

void flow_object(JsonWriter& w, const flow::Flow& f, TimestampFormatter& timestamps, std::string& scratch) {
  w.begin_object("flow");
  w.field("pkts_toserver", f.pkts[0]).field("pkts_toclient", f.pkts[1]);
  w.field("bytes_toserver", f.bytes[0]).field("bytes_toclient", f.bytes[1]);
  scratch.clear();
  timestamps.append(scratch, f.start_usec);
  w.plain_field("start", scratch);
  address_field(w, "src_ip", f.client);
  address_field(w, "dest_ip", f.server);
  if (has_ports(f.ip_proto)) {
    w.field("src_port", uint32_t{f.client_port});
    w.field("dest_port", uint32_t{f.server_port});
  }
  w.end_object();
}

// Suricata's pkt_src names.
std::string_view packet_source(const decode::Packet& pkt) {
  if (pkt.pseudo) return "stream (flow timeout)";
  return pkt.is_reassembled ? "defrag" : "wire/pcap";
}

}  // namespace

void EveRecordWriter::alert_addresses(JsonWriter& w, const detect::Alert& alert, const decode::Packet* pkt,
                                      const flow::Flow* f, const IpAddress* client_override) {
  char scratch[4];
  if (!alert.transaction && pkt != nullptr) {
    address_field(w, "src_ip", pkt->src);
    if (has_ports(pkt->ip_proto)) w.field("src_port", uint32_t{pkt->src_port});
    address_field(w, "dest_ip", pkt->dst);
    if (has_ports(pkt->ip_proto)) w.field("dest_port", uint32_t{pkt->dst_port});
    ip_version_field(w, pkt->src);
    w.plain_field("proto", ip_proto_name(pkt->ip_proto, scratch));
    if (pkt->l4 == decode::L4Proto::Icmp || pkt->l4 == decode::L4Proto::Icmpv6) {
      w.field("icmp_type", uint32_t{pkt->icmp_type});
      w.field("icmp_code", uint32_t{pkt->icmp_code});
    }
    return;
  }
  bool swap = alert.direction == detect::PacketDirection::ToClient;
  const IpAddress& client = client_override != nullptr ? *client_override : f->client;
  address_field(w, "src_ip", swap ? f->server : client);
  if (has_ports(f->ip_proto)) w.field("src_port", uint32_t{swap ? f->server_port : f->client_port});
  address_field(w, "dest_ip", swap ? client : f->server);
  if (has_ports(f->ip_proto)) w.field("dest_port", uint32_t{swap ? f->client_port : f->server_port});
  ip_version_field(w, f->client);
  w.plain_field("proto", ip_proto_name(f->ip_proto, scratch));
}

void EveRecordWriter::alert_record(std::string& out, const detect::Alert& alert, const decode::Packet* pkt,
                                   const flow::Flow* f, const proto::EveFields* tx, std::string_view tx_event_type,
                                   const EventTransaction* event_tx) {
  JsonWriter w(out);
  w.begin_object();
  timestamp_field(w, pkt != nullptr ? pkt->ts_usec : f->last_usec);
  if (f != nullptr) w.field("flow_id", f->flow_id);
  if (pkt != nullptr && !pkt->pseudo) w.field("pcap_cnt", pkt->pcap_cnt);
  w.plain_field("event_type", "alert");
  if (pkt != nullptr) {
    vlan_field(w, pkt->vlan_ids, pkt->vlan_count);
  } else {
    vlan_field(w, f->vlan_ids, f->vlan_count);
  }
  const XffOptions& xff_options = alert_payload_.xff;
  std::optional<IpAddress> xff;
  if (xff_options.enabled && tx != nullptr) xff = forwarded_address(*tx, xff_options);
  const IpAddress* forwarded = xff ? &*xff : nullptr;
  alert_addresses(w, alert, pkt, f, xff_options.overwrite ? forwarded : nullptr);
  if (pkt != nullptr) w.plain_field("pkt_src", packet_source(*pkt));
  if (pkt != nullptr) {
    tunnel_field(w, pkt->tunnel);
  } else {
    tunnel_field(w, f->tunnel);
  }
  if (f != nullptr) community_id_field(w, *f);
  if (alert.transaction) w.field("tx_id", alert.tx_id);
  if (event_tx != nullptr) w.field("tx_id", event_tx->tx_id);
  rule_object(w, alert, xff_options.overwrite ? nullptr : forwarded);
  if (f != nullptr) {
    if (f->app) app_proto_fields(w, *f->app);
    bool to_client = alert.direction == detect::PacketDirection::ToClient;
    w.plain_field("direction", to_client ? "to_client" : "to_server");
    flow_object(w, *f, timestamps_, scratch_);
  }
  flow_variable_fields(w, f != nullptr ? &f->detect_vars : nullptr, alert.vars);
  if (tx != nullptr && !tx_event_type.empty()) tx->write_with(w, alert_record_options_);
  if (event_tx != nullptr) w.raw_members(event_tx->members);
  if (pkt != nullptr) payload_fields(w, *pkt, alert);
  w.end_object();
}

void EveRecordWriter::bytes_field(JsonWriter& w, std::string_view key, std::span<const uint8_t> bytes,
                                  void (*encode)(std::string&, std::span<const uint8_t>)) {
  scratch_.clear();
  encode(scratch_, bytes);
  w.field(key, scratch_);
}

// What the rule matched: the raw stream data ("stream": 1) or the packet's payload.
void EveRecordWriter::payload_fields(JsonWriter& w, const decode::Packet& pkt, const detect::Alert& alert) {
  const AlertPayloadOptions& o = alert_payload_;
  std::span<const uint8_t> payload = alert.stream ? alert.stream_data : pkt.payload;
  if (o.payload) bytes_field(w, "payload", payload, append_base64);
  if (o.payload_printable) bytes_field(w, "payload_printable", payload, append_printable);
  if (o.payload_length) w.field("payload_length", uint64_t{payload.size()});
  if (o.payload || o.payload_printable) w.field("stream", uint64_t{alert.stream ? 1u : 0u});
  if (o.packet && !pkt.pseudo) packet_fields(w, pkt);
}

void EveRecordWriter::packet_fields(JsonWriter& w, const decode::Packet& pkt, size_t max_bytes) {
  bytes_field(w, "packet", pkt.frame.first(std::min(max_bytes, pkt.frame.size())), append_base64);
  w.begin_object("packet_info");
  w.field("linktype", int64_t{static_cast<int>(pkt.link)});
  w.field("linktype_name", decode::link_type_name(pkt.link));
  w.end_object();
}

}  // namespace rampart::output
