#pragma once
// EVE JSON records in Suricata 8's layout: the common header (timestamp, flow_id,
// pcap_cnt, event_type, vlan, addresses, ports, proto, pkt_src, tunnel) and the
// flow and anomaly records. Each call appends one line's JSON (no newline).
#include <string>
#include <string_view>

#include "common/json_writer.hpp"
#include "common/timestamp.hpp"
#include "decode/packet.hpp"
#include "flow/flow.hpp"

namespace rampart::output {

// "TCP", "UDP", "ICMP", "IPv6-ICMP", ... or the number, as Suricata names IP protocols.
std::string_view ip_proto_name(uint8_t proto, char (&scratch)[4]);

class EveRecordWriter {
 public:
  void flow_record(std::string& out, const flow::Flow& f, flow::EndReason reason);
  // type: "decode", "stream" or "applayer"; the event is written as prefix + name,
  // e.g. "decoder." + "ipv4.trunc_pkt".
  void anomaly_record(std::string& out, const decode::Packet& pkt, const flow::Flow* f, std::string_view type,
                      std::string_view event_prefix, std::string_view event_name);

 private:
  void timestamp_field(JsonWriter& w, uint64_t ts_usec, std::string_view key = "timestamp");

  TimestampFormatter timestamps_;
  std::string scratch_;
};

}  // namespace rampart::output
