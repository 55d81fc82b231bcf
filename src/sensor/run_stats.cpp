#include "sensor/run_stats.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <map>

#include "common/json_writer.hpp"
#include "common/timestamp.hpp"

namespace rampart::sensor {

void RunStats::add_worker(const Worker& w) {
  const WorkerStats& s = w.stats();
  workers.packets += s.packets;
  workers.anomalies_decode += s.anomalies_decode;
  workers.anomalies_stream += s.anomalies_stream;
  workers.anomalies_applayer += s.anomalies_applayer;
  workers.transaction_records += s.transaction_records;
  workers.alert_records += s.alert_records;
  const detect::DetectorStats& d = w.detect_stats();
  detect.packets_inspected += d.packets_inspected;
  detect.transactions_inspected += d.transactions_inspected;
  detect.candidates += d.candidates;
  detect.alerts += d.alerts;
  detect.alerts_suppressed += d.alerts_suppressed;
  detect.alert_queue_overflow += d.alert_queue_overflow;
  workers.flow_records += s.flow_records;
  workers.tcp_packets_invalid += s.tcp_packets_invalid;
  workers.bypassed_packets += s.bypassed_packets;
  workers.bypassed_bytes += s.bypassed_bytes;
  workers.syn += s.syn;
  workers.synack += s.synack;
  workers.rst += s.rst;
  workers.tcp_invalid_checksum += s.tcp_invalid_checksum;
  for (size_t i = 0; i < s.stream_events.size(); ++i) workers.stream_events[i] += s.stream_events[i];
  for (size_t i = 0; i < s.tcp_end_states.size(); ++i) workers.tcp_end_states[i] += s.tcp_end_states[i];

  const flow::FlowTableStats& f = w.flow_stats();
  flows.total += f.total;
  flows.tcp += f.tcp;
  flows.udp += f.udp;
  flows.icmpv4 += f.icmpv4;
  flows.icmpv6 += f.icmpv6;
  flows.timeouts += f.timeouts;
  flows.forced += f.forced;
  flows.emergency_entered += f.emergency_entered;
  flows.emergency_over += f.emergency_over;
  flows.end_new += f.end_new;
  flows.end_established += f.end_established;
  flows.end_closed += f.end_closed;

  const stream::StreamStats& t = w.stream_stats();
  stream.sessions += t.sessions;
  stream.midstream_pickups += t.midstream_pickups;
  stream.ooo_segments += t.ooo_segments;
  stream.retransmissions += t.retransmissions;
  stream.overlaps += t.overlaps;
  stream.overlap_diff_data += t.overlap_diff_data;
  stream.gaps += t.gaps;
  stream.depth_reached += t.depth_reached;
  stream.memcap_drops += t.memcap_drops;
  stream.invalid += t.invalid;
  stream.reassembled_bytes += t.reassembled_bytes;
  stream_memory_peak += w.stream_memory().peak();
  reassembled_bytes += w.reassembled_bytes();
  const proto::AppLayerStats& a = w.app_stats();
  for (size_t i = 0; i < a.flows_tcp.size(); ++i) {
    app.flows_tcp[i] += a.flows_tcp[i];
    app.flows_udp[i] += a.flows_udp[i];
    app.tx_tcp[i] += a.tx_tcp[i];
    app.tx_udp[i] += a.tx_udp[i];
    app.errors_tcp[i] += a.errors_tcp[i];
    app.errors_udp[i] += a.errors_udp[i];
  }
  app.failed_tcp += a.failed_tcp;
  app.failed_udp += a.failed_udp;
}

namespace {

uint64_t peak_rss_bytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss) * 1024;
}

// Writes counters, leaving zeros out when the configuration asks for that.
class Counters {
 public:
  Counters(JsonWriter& w, bool null_values) : w_(w), null_values_(null_values) {}
  Counters& field(std::string_view key, uint64_t value) {
    if (value != 0 || null_values_) w_.field(key, value);
    return *this;
  }
  Counters& begin_object(std::string_view key) {
    w_.begin_object(key);
    return *this;
  }
  Counters& end_object() {
    w_.end_object();
    return *this;
  }
  JsonWriter& writer() { return w_; }

 private:
  JsonWriter& w_;
  bool null_values_;
};

void decoder_object(Counters& w, const RunStats& s) {
  const decode::DecodeStats& d = s.decode;
  w.begin_object("decoder");
  w.field("pkts", d.pkts).field("bytes", d.bytes).field("invalid", d.invalid);
  w.field("ipv4", d.ipv4).field("ipv6", d.ipv6).field("ethernet", d.ethernet);
  w.field("sll", d.sll).field("sll2", d.sll2).field("raw", d.raw).field("null", d.null).field("chdlc", d.chdlc);
  w.field("tcp", d.tcp).field("udp", d.udp).field("icmpv4", d.icmpv4).field("icmpv6", d.icmpv6);
  w.field("esp", d.esp);
  w.field("vlan", d.vlan).field("vlan_qinq", d.vlan_qinq).field("mpls", d.mpls).field("pppoe", d.pppoe);
  w.field("gre", d.gre).field("vxlan", d.vxlan).field("geneve", d.geneve).field("erspan", d.erspan);
  w.field("arp", d.arp).field("ipv4_in_ipv4", d.ipv4_in_ipv4).field("ipv6_in_ipv4", d.ipv6_in_ipv4);
  w.field("max_pkt_size", d.max_pkt_size);
  w.field("unknown_ethertype", d.events[static_cast<size_t>(decode::DecodeEvent::EthernetUnknownEthertype)]);
  w.field("ipv4_in_ipv6", d.ipv4_in_ipv6).field("ipv6_in_ipv6", d.ipv6_in_ipv6);
  w.field("avg_pkt_size", d.pkts ? d.bytes / d.pkts : 0);
  // Events named "layer.event" nest as event.layer.event; the few without a layer
  // (too_many_layers) are counters of the decoder itself, as in Suricata.
  std::map<std::string_view, std::vector<std::pair<std::string_view, uint64_t>>> by_layer;
  for (size_t i = 0; i < decode::kDecodeEventCount; ++i) {
    std::string_view name = decode::event_name(static_cast<decode::DecodeEvent>(i));
    size_t dot = name.find('.');
    if (dot == std::string_view::npos) {
      w.field(name, d.events[i]);
      continue;
    }
    by_layer[name.substr(0, dot)].emplace_back(name.substr(dot + 1), d.events[i]);
  }
  w.begin_object("event");
  for (const auto& [layer, events] : by_layer) {
    w.begin_object(layer);
    for (const auto& [event, count] : events) w.field(event, count);
    w.end_object();
  }
  w.end_object();
  w.end_object();
}

void flow_object(Counters& w, const RunStats& s) {
  const flow::FlowTableStats& f = s.flows;
  w.begin_object("flow");
  w.field("total", f.total).field("tcp", f.tcp).field("udp", f.udp);
  w.field("icmpv4", f.icmpv4).field("icmpv6", f.icmpv6);
  w.field("emerg_mode_entered", f.emergency_entered).field("emerg_mode_over", f.emergency_over);
  w.begin_object("end");
  w.begin_object("state");
  w.field("new", f.end_new).field("established", f.end_established).field("closed", f.end_closed);
  w.end_object();
  w.begin_object("tcp_state");
  for (size_t i = 0; i < s.workers.tcp_end_states.size(); ++i)
    w.field(stream::tcp_state_name(static_cast<stream::TcpState>(i)), s.workers.tcp_end_states[i]);
  w.end_object();
  w.end_object();
  w.end_object();
}

// Suricata's flow_bypassed: only local bypass exists here (no capture bypass), and
// bypassed flows end as other flows do.
void flow_bypassed_object(Counters& w, const RunStats& s) {
  w.begin_object("flow_bypassed");
  w.field("local_pkts", s.workers.bypassed_packets).field("local_bytes", s.workers.bypassed_bytes);
  w.field("local_capture_pkts", uint64_t{0}).field("local_capture_bytes", uint64_t{0});
  w.field("closed", uint64_t{0}).field("pkts", uint64_t{0}).field("bytes", uint64_t{0});
  w.end_object();
}

void tcp_object(Counters& w, const RunStats& s) {
  const stream::StreamStats& t = s.stream;
  w.begin_object("tcp");
  w.field("sessions", t.sessions).field("midstream_pickups", t.midstream_pickups);
  w.field("syn", s.workers.syn).field("synack", s.workers.synack).field("rst", s.workers.rst);
  w.field("invalid_checksum", s.workers.tcp_invalid_checksum);
  w.field("overlap", t.overlaps).field("overlap_diff_data", t.overlap_diff_data);
  w.field("reassembly_gap", t.gaps).field("stream_depth_reached", t.depth_reached);
  w.field("segment_memcap_drop", t.memcap_drops);
  w.field("reassembly_memuse", s.stream_memory_peak);
  w.end_object();
}

void defrag_object(Counters& w, const RunStats& s) {
  const decode::DefragStats& d = s.defrag;
  w.begin_object("defrag");
  w.begin_object("ipv4");
  w.field("fragments", d.ipv4_fragments).field("reassembled", d.ipv4_reassembled);
  w.end_object();
  w.begin_object("ipv6");
  w.field("fragments", d.ipv6_fragments).field("reassembled", d.ipv6_reassembled);
  w.end_object();
  w.begin_object("mgr");
  w.field("tracker_timeout", d.timeouts);
  w.end_object();
  w.end_object();
}

// stats.detect: the rule set in force (one engine) and the alert counters.
void detect_object(Counters& w, const RunStats& s) {
  if (!s.rules) return;
  auto& raw = w.writer();
  w.begin_object("detect");
  raw.begin_array("engines");
  raw.begin_object();
  raw.field("id", uint64_t{0});
  raw.field("rules_loaded", uint64_t{s.rules->rules});
  raw.field("rules_failed", uint64_t{s.rules->rules_failed});
  raw.field("rules_skipped", uint64_t{s.rules->rules_skipped});
  raw.end_object();
  raw.end_array();
  w.field("alert", s.detect.alerts);
  w.field("alert_queue_overflow", s.detect.alert_queue_overflow);
  w.field("alerts_suppressed", s.detect.alerts_suppressed);
  // Only the fields of Suricata's schema (additionalProperties: false); the entry and
  // refusal counts are in the summary.
  w.begin_object("thresholds");
  w.field("memuse", s.thresholds.memuse);
  w.field("memcap", s.thresholds.memcap);
  w.end_object();
  w.end_object();
}

// stats.app_layer.flow/tx/error: per protocol, keyed like Suricata ("dns_udp", "http").
void app_layer_object(Counters& w, const RunStats& s) {
  const auto& protocols = proto::registered_protocols();
  auto key = [](const proto::Protocol& p, bool udp) {
    std::string_view k = udp ? p.stats_name_udp : p.stats_name;
    return k.empty() ? p.name : k;
  };
  // Each protocol's key and count; one on both transports under one name (e.g.
  // "sip") sums both.
  auto each_protocol = [&](const std::vector<uint64_t>& tcp, const std::vector<uint64_t>& udp, auto&& write) {
    for (size_t i = 0; i < protocols.size(); ++i) {
      const proto::Protocol& p = protocols[i];
      bool shared = p.tcp && p.udp && key(p, true) == key(p, false);
      if (p.tcp) write(key(p, false), tcp[i] + (shared ? udp[i] : 0));
      if (p.udp && !shared) write(key(p, true), udp[i]);
    }
  };
  auto count = [&w](std::string_view k, uint64_t n) { w.field(k, n); };
  w.begin_object("app_layer");
  w.begin_object("flow");
  each_protocol(s.app.flows_tcp, s.app.flows_udp, count);
  w.field("failed_tcp", s.app.failed_tcp).field("failed_udp", s.app.failed_udp);
  w.end_object();
  w.begin_object("tx");
  each_protocol(s.app.tx_tcp, s.app.tx_udp, count);
  w.end_object();
  // Only the parser's errors: gaps, allocation and internal errors are not counted.
  w.begin_object("error");
  each_protocol(s.app.errors_tcp, s.app.errors_udp, [&w](std::string_view k, uint64_t n) {
    w.begin_object(k);
    w.field("parser", n);
    w.end_object();
  });
  w.end_object();
  // Suricata's schema has one number here; refusals and expiries are in the summary.
  w.field("expectations", s.expectations.added);
  w.end_object();
}

void stream_object(Counters& w, const RunStats& s) {
  w.begin_object("stream");
  for (size_t i = 0; i < stream::kStreamEventCount; ++i)
    w.field(stream::stats_counter_name(static_cast<stream::StreamEvent>(i)), s.workers.stream_events[i]);
  w.end_object();
}

// stats.center: the uploader's counters when the stats record was written.
void center_object(Counters& w, const RunStats& s) {
  if (!s.center) return;
  w.begin_object("center");
  w.field("uploaded", s.center->uploaded);
  w.field("spooled", s.center->spooled);
  w.field("dropped", s.center->dropped);
  w.field("retries", s.center->retries);
  w.end_object();
}

// stats.file_store: the file-store output's counters, when it ran.
void file_store_object(Counters& w, const RunStats& s) {
  if (!s.file_store) return;
  w.begin_object("file_store");
  w.field("open_files", s.file_store->open_files);
  w.field("fs_errors", s.file_store->fs_errors);
  w.end_object();
}

// Suricata writes the kernel's counters of a live capture under stats.capture.
void capture_object(Counters& w, const RunStats& s) {
  if (!s.kernel) return;
  w.begin_object("capture");
  w.field("kernel_packets", s.kernel->packets);
  w.field("kernel_drops", s.kernel->drops);
  w.field("kernel_ifdrops", s.kernel->ifdrops);
  w.end_object();
}

}  // namespace

void append_stats_record(std::string& out, const RunStats& s, bool null_values) {
  TimestampFormatter formatter;
  std::string timestamp;
  formatter.append(timestamp, s.last_packet_usec);
  JsonWriter w(out);
  w.begin_object();
  w.field("timestamp", timestamp);
  w.field("event_type", "stats");
  w.begin_object("stats");
  w.field("uptime", static_cast<uint64_t>(s.elapsed.count()));
  Counters counters(w, null_values);
  capture_object(counters, s);
  decoder_object(counters, s);
  flow_object(counters, s);
  flow_bypassed_object(counters, s);
  tcp_object(counters, s);
  defrag_object(counters, s);
  stream_object(counters, s);
  app_layer_object(counters, s);
  detect_object(counters, s);
  center_object(counters, s);
  file_store_object(counters, s);
  w.end_object();
  w.end_object();
}

std::string format_summary(const RunStats& s) {
  double secs = std::max(s.elapsed.count(), 1e-9);
  std::string out;
  out += fmt::format("rampart sense: {} packets, {:.1f} MB read in {:.2f} s ({:.0f} packets/s, {:.2f} Gbit/s) with {} worker{}\n",
                     s.packets_read, static_cast<double>(s.bytes_read) / 1e6, secs,
                     static_cast<double>(s.packets_read) / secs, static_cast<double>(s.bytes_read) * 8 / secs / 1e9,
                     s.worker_count, s.worker_count == 1 ? "" : "s");
  if (s.kernel)
    out += fmt::format("  capture: the kernel passed {} packets, dropped {} (buffer full) and {} (interface)\n",
                       s.kernel->packets, s.kernel->drops, s.kernel->ifdrops);
  out += fmt::format("  decoded: {} IPv4, {} IPv6, {} TCP, {} UDP, {} ICMP; {} invalid, {} IPv4 checksum errors\n",
                     s.decode.ipv4, s.decode.ipv6, s.decode.tcp, s.decode.udp, s.decode.icmpv4 + s.decode.icmpv6,
                     s.decode.invalid, s.decode.ipv4_checksum_errors);
  out += fmt::format("  fragments: {} IPv4 / {} IPv6 in, {} / {} datagrams reassembled, {} timed out\n",
                     s.defrag.ipv4_fragments, s.defrag.ipv6_fragments, s.defrag.ipv4_reassembled,
                     s.defrag.ipv6_reassembled, s.defrag.timeouts);
  out += fmt::format("  flows: {} ({} TCP, {} UDP, {} ICMP); {} timed out, {} evicted under memory pressure\n",
                     s.flows.total, s.flows.tcp, s.flows.udp, s.flows.icmpv4 + s.flows.icmpv6, s.flows.timeouts,
                     s.flows.forced);
  out += fmt::format("  tcp: {} sessions, {:.1f} MB reassembled, {} gaps, {} overlaps ({} with different data)\n",
                     s.stream.sessions, static_cast<double>(s.reassembled_bytes) / 1e6, s.stream.gaps,
                     s.stream.overlaps, s.stream.overlap_diff_data);
  out += fmt::format("  application layer: {} transactions logged, {} TCP and {} UDP flows with unrecognised data\n",
                     s.workers.transaction_records, s.app.failed_tcp, s.app.failed_udp);
  const auto& e = s.expectations;
  if (e.added + e.refused > 0)
    out += fmt::format("  expected flows (FTP data): {} announced, {} taken, {} refused (table full), {} expired\n",
                       e.added, e.taken, e.refused, e.expired);
  if (s.detect.packets_inspected + s.detect.transactions_inspected > 0)
    out += fmt::format("  detection: {} packets and {} transactions inspected, {} candidate rules verified, {} alerts ({} suppressed)\n",
                       s.detect.packets_inspected, s.detect.transactions_inspected, s.detect.candidates, s.detect.alerts,
                       s.detect.alerts_suppressed);
  if (s.thresholds.entries + s.thresholds.memcap_refused > 0)
    out += fmt::format("  thresholds: {} tracked entries ({} bytes of {}), {} keys judged without being stored (table full)\n",
                       s.thresholds.entries, s.thresholds.memuse, s.thresholds.memcap, s.thresholds.memcap_refused);
  out += fmt::format("  anomalies: {} decoder, {} stream, {} application; {} EVE records written\n",
                     s.workers.anomalies_decode, s.workers.anomalies_stream, s.workers.anomalies_applayer,
                     s.eve_records);
  std::vector<std::pair<uint64_t, std::string_view>> top;
  for (size_t i = 0; i < decode::kDecodeEventCount; ++i)
    if (s.decode.events[i] > 0) top.emplace_back(s.decode.events[i], decode::event_name(static_cast<decode::DecodeEvent>(i)));
  std::sort(top.rbegin(), top.rend());
  for (size_t i = 0; i < top.size() && i < 5; ++i) out += fmt::format("    decoder.{}: {}\n", top[i].second, top[i].first);
  if (s.center)
    out += fmt::format("  center: {} events uploaded in {} batches, {} spooled, {} dropped, {} failed attempts; {} batches left in the spool\n",
                       s.center->uploaded, s.center->batches_uploaded, s.center->spooled, s.center->dropped,
                       s.center->retries, s.center->batches_left);
  out += fmt::format("  peak RSS: {:.1f} MB\n", static_cast<double>(peak_rss_bytes()) / 1e6);
  for (const auto& w : s.warnings) out += fmt::format("  warning: {}\n", w);
  return out;
}

}  // namespace rampart::sensor
