#pragma once
// EVE JSON records in Suricata 8's layout: the common header (timestamp, flow_id,
// pcap_cnt, event_type, vlan, addresses, ports, proto, pkt_src, tunnel) and the
// flow and anomaly records. Each call appends one line's JSON (no newline).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/json_writer.hpp"
#include "common/timestamp.hpp"
#include "decode/packet.hpp"
#include "detect/detector.hpp"
#include "flow/flow.hpp"
#include "output/alert_payload_options.hpp"
#include "proto/app_parser.hpp"

namespace rampart::output {

// A transaction as an app-layer event found it, for the alerts of rules on that
// event: its id and its record's members (`"dns":{...}`), rendered when the event
// was raised because the parser's transaction does not outlive the call.
struct EventTransaction {
  std::string event;  // as the parser names it, e.g. "z_flag_set"
  uint64_t tx_id = 0;
  std::string members;
};

// "TCP", "UDP", "ICMP", "IPv6-ICMP", ... or the number, as Suricata names IP protocols.
std::string_view ip_proto_name(uint8_t proto, char (&scratch)[4]);

class EveRecordWriter {
 public:
  void set_alert_payload(const AlertPayloadOptions& options) { alert_payload_ = options; }
  // Anomaly records carry the frame's first bytes (Suricata's anomaly packethdr).
  void set_anomaly_packet_header(bool on) { anomaly_packet_header_ = on; }
  // Records of a flow carry its "community_id" computed with this seed (eve-log
  // community-id / community-id-seed); nullopt: none.
  void set_community_id(std::optional<uint16_t> seed) { community_id_seed_ = seed; }
  // The optional parts of transaction records, and of the transaction record an
  // alert carries.
  void set_record_options(const proto::RecordOptions& transaction, const proto::RecordOptions& in_alert) {
    transaction_options_ = transaction;
    alert_record_options_ = in_alert;
    alert_record_options_.files = true;  // Suricata 8's alerts list the transaction's files
  }
  void flow_record(std::string& out, const flow::Flow& f, flow::EndReason reason);
  // Suricata's netflow record: what one direction of flow f carried, headed by
  // that direction's source and destination.
  void netflow_record(std::string& out, const flow::Flow& f, stream::Direction dir);
  // How many records transaction_record writes for `fields` (see EveFields::record_count).
  size_t transaction_record_count(const proto::EveFields& fields) const {
    return fields.record_count(transaction_options_);
  }
  // Record `part` of a transaction of an application protocol. pkt is the packet
  // that completed it (nullptr at flow end); with LogDirection::Packet its
  // addresses head the record, else the flow's client and server.
  void transaction_record(std::string& out, const flow::Flow& f, const decode::Packet* pkt,
                          std::string_view event_type, uint64_t tx_id, proto::LogDirection direction,
                          const proto::EveFields& fields, size_t part = 0);
  // An app-layer anomaly of the flow's protocol, raised while parsing pkt (or at flow
  // end); tx_id: the transaction it belongs to, if any.
  void applayer_anomaly_record(std::string& out, const flow::Flow& f, const decode::Packet* pkt,
                               std::string_view event, std::optional<uint64_t> tx_id = std::nullopt);
  // The members an alert carries for `fields` (see EventTransaction), into out.
  void render_alert_transaction(std::string& out, const proto::EveFields& fields) const;
  // Suricata's "frame" record of an application-layer frame, headed by pkt (the packet,
  // or its view, that completed it in the frame's direction); see eve_frame.hpp.
  void frame_record(std::string& out, const flow::Flow& f, const decode::Packet& pkt, const proto::Frame& frame);
  // A packet a tag: keyword covers: Suricata's "packet" record (the frame, base64).
  void packet_record(std::string& out, const decode::Packet& pkt, const flow::Flow* f);
  // type: "decode", "stream" or "applayer"; the event is written as prefix + name,
  // e.g. "decoder." + "ipv4.trunc_pkt".
  void anomaly_record(std::string& out, const decode::Packet& pkt, const flow::Flow* f, std::string_view type,
                      std::string_view event_prefix, std::string_view event_name);
  // An alert: a packet alert is headed by pkt's addresses, a transaction alert by
  // the flow's in the alert's direction and carries the transaction's record (tx).
  // A packet alert of an app-layer-event rule carries the transaction of its event
  // (event_tx) when the event had one.
  void alert_record(std::string& out, const detect::Alert& alert, const decode::Packet* pkt, const flow::Flow* f,
                    const proto::EveFields* tx, std::string_view tx_event_type,
                    const EventTransaction* event_tx = nullptr);

 private:
  void timestamp_field(JsonWriter& w, uint64_t ts_usec, std::string_view key = "timestamp");
  void community_id_field(JsonWriter& w, const flow::Flow& f);
  void packet_header(JsonWriter& w, const decode::Packet& pkt, const flow::Flow* f, std::string_view event_type);
  void payload_fields(JsonWriter& w, const decode::Packet& pkt, const detect::Alert& alert);
  // "packet" (the frame's first max_bytes, base64) and "packet_info".
  void packet_fields(JsonWriter& w, const decode::Packet& pkt, size_t max_bytes = SIZE_MAX);
  void bytes_field(JsonWriter& w, std::string_view key, std::span<const uint8_t> bytes,
                   void (*encode)(std::string&, std::span<const uint8_t>));
  // client_override: the address written for the flow's client (xff overwrite).
  void alert_addresses(JsonWriter& w, const detect::Alert& alert, const decode::Packet* pkt, const flow::Flow* f,
                       const IpAddress* client_override);
  // direction: whose addresses head the record (LogDirection::Packet: pkt's).
  void flow_header(JsonWriter& w, const flow::Flow& f, const decode::Packet* pkt, std::string_view event_type,
                   proto::LogDirection direction);

  AlertPayloadOptions alert_payload_;
  bool anomaly_packet_header_ = false;
  std::optional<uint16_t> community_id_seed_;
  proto::RecordOptions transaction_options_;
  proto::RecordOptions alert_record_options_;
  TimestampFormatter timestamps_;
  std::string scratch_;
};

}  // namespace rampart::output
