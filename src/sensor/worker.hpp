#pragma once
// A worker owns a share of the flows (picked by symmetric hash): it tracks them,
// runs TCP session tracking and reassembly, the application parsers and the rules,
// and writes its records to its own output buffer, so one flow's records keep
// their order.
#include <memory>
#include <span>
#include <vector>

#include "decode/packet.hpp"
#include "detect/detector.hpp"
#include "detect/rule_set_handle.hpp"
#include "flow/flow_table.hpp"
#include "intel_match/indicator_handle.hpp"
#include "output/eve_file.hpp"
#include "output/eve_records.hpp"
#include "proto/app_layer.hpp"
#include "sensor/sensor_config.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::sensor {

// pkt as the other direction sees it, without payload: the records and rules about
// the other side's bytes that pkt's ACK handed the app layer are seen from there.
decode::Packet seen_from_other_side(const decode::Packet& pkt);
// Suricata's pseudo packet for stream data inspected without a packet of its own: the
// flow's addresses in dir, the data as payload, no frame.
decode::Packet pseudo_packet(const flow::Flow& f, stream::Direction dir, std::span<const uint8_t> data);

struct WorkerStats {
  uint64_t packets = 0;
  uint64_t anomalies_decode = 0, anomalies_stream = 0, anomalies_applayer = 0;
  uint64_t transaction_records = 0;
  uint64_t alert_records = 0;
  uint64_t flow_records = 0;
  uint64_t tcp_packets_invalid = 0;
  // Packets (and their frame bytes) of flows bypassed before they arrived (Suricata's local bypass).
  uint64_t bypassed_packets = 0, bypassed_bytes = 0;
  uint64_t syn = 0, synack = 0, rst = 0, tcp_invalid_checksum = 0;
  std::array<uint64_t, stream::kStreamEventCount> stream_events{};
  // TCP state of the flows that ended, indexed by stream::TcpState.
  std::array<uint64_t, 11> tcp_end_states{};
};

class Worker {
 public:
  // rules: the rule set in force (nullptr: no detection); followed across reloads.
  // indicators: the STIX indicators in force (nullptr: none); followed across updates.
  // expectations: the expected flows all workers share (nullptr: none are followed).
  // eve_files[i]: the file of config.eve_outputs[i] (nullptr: that output is off).
  Worker(const SensorConfig& config, std::span<output::EveFile* const> eve_files,
         const detect::RuleSetHandle* rules = nullptr,
         const intel_match::IndicatorHandle* indicators = nullptr, proto::ExpectationTable* expectations = nullptr);
  ~Worker();
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void process(const decode::Packet& pkt);
  // Ends all flows (end of input) and flushes output.
  void finish();
  // Live capture's clock when the link is quiet: flows time out by it, and the
  // records so far reach eve.json.
  void tick(uint64_t now_usec);

  const WorkerStats& stats() const { return stats_; }
  const flow::FlowTableStats& flow_stats() const { return flows_.stats(); }
  const stream::StreamStats& stream_stats() const { return stream_stats_; }
  const stream::StreamMemory& stream_memory() const { return stream_memory_; }
  size_t active_flows() const { return flows_.active(); }
  uint64_t reassembled_bytes() const { return reassembled_bytes_; }
  const proto::AppLayerStats& app_stats() const { return app_stats_; }
  const detect::DetectorStats& detect_stats() const { return detector_.stats(); }

 private:
  class FlowStream;
  class FlowEvents;
  // An enabled eve-log output: its settings, the records rendered with them and
  // the buffer they wait in for the file.
  struct EveOutput {
    EveOutput(const EveOutputConfig& c, output::EveFile* file);
    const EveOutputConfig& config;
    output::EveBuffer buffer;
    output::EveRecordWriter records;
  };
  // Appends a record through each output `wants` selects: write(records, text).
  template <typename Wants, typename Write>
  uint64_t write_record(Wants wants, Write write);

  bool starts_from_syn_ack(const decode::Packet& pkt) const;
  void track_tcp(flow::Flow& f, stream::Direction dir, const decode::Packet& pkt);
  // The transaction sides whose rules waited for a packet of dir (FlowEvents::defers_side).
  void inspect_deferred(flow::Flow& f, stream::Direction dir, const decode::Packet& pkt);
  void update_state(flow::Flow& f);
  void end_flow(flow::Flow& f, flow::EndReason reason);
  void write_netflow_records(const flow::Flow& f);
  void start_tags(const decode::Packet& pkt, flow::Flow* f);
  void log_if_tagged(const decode::Packet& pkt, flow::Flow* f);
  void log_decode_events(const decode::Packet& pkt, const flow::Flow* f);
  void maybe_expire(uint64_t now_usec);
  proto::AppLayer& app_of(flow::Flow& f);
  bool detecting();
  detect::FlowFacts facts(flow::Flow& f, stream::Direction dir) const;
  void detect_packet(const decode::Packet& pkt, flow::Flow* f, stream::Direction dir);
  // The flow's data turned out encrypted at pkt: encryption-handling applies from its next packet.
  void handle_encryption(flow::Flow& f, const decode::Packet& pkt);
  // From the next packet on the flow is bypassed (encryption-handling bypass, a rule's
  // bypass keyword, stream.bypass).
  void bypass(flow::Flow& f);
  // The app-layer events the other side's bytes raised when pkt's ACK handed them to
  // the parser: their rules see them from that side, at pkt (seen_from_other_side).
  void detect_other_side_events(flow::Flow& f, const decode::Packet& pkt);
  // Stream data of dir not inspected yet (before a gap, when much is pending, at flow
  // end): only stream rules run on it, seen from pkt when it travels in dir, else from
  // a pseudo packet as Suricata's.
  void detect_pending_stream(flow::Flow& f, stream::Direction dir, const decode::Packet* pkt);
  // completed_side: that side of a two-sided transaction completed before the
  // other (EventSink::side_complete); else the transaction is done.
  void detect_transaction(flow::Flow& f, const decode::Packet* pkt, std::string_view event_type, uint64_t tx_id,
                          const proto::EveFields& fields, std::optional<stream::Direction> completed_side = std::nullopt);
  // The filestore rules that matched transaction tx_id mark its files (or the flow's) for the store.
  void mark_file_stores(flow::Flow& f, uint64_t tx_id);
  // file-store: moves the file of a fileinfo record into the store when force-filestore or a
  // filestore rule asked for it, before the record says so; the spool stored, else nullptr.
  proto::FileSpool* store_file(flow::Flow& f, uint64_t tx_id, const proto::EveFields& fields);
  // The rules `rules` on the transaction as side `side` sees it.
  void inspect_side(flow::Flow& f, const decode::Packet* pkt, std::string_view event_type, uint64_t tx_id,
                    const proto::EveFields& fields, stream::Direction side, detect::RuleSelection rules);
  // Application-layer frames (worker_frames.cpp): whether parsers report them, and
  // a frame's record and rules, seen from pkt (the packet, or its view, that completed it).
  bool frames_wanted();
  bool stream_frames_wanted();  // frame records are on or a rule reads a stream frame
  void on_frame(flow::Flow& f, const decode::Packet* pkt, const proto::Frame& frame, const proto::EveFields* tx);
  // Indicator matching (worker_intel.cpp).
  void match_flow_indicators(const decode::Packet& pkt, flow::Flow& f);
  void match_transaction_indicators(flow::Flow& f, const decode::Packet* pkt, std::string_view event_type,
                                    uint64_t tx_id, const proto::EveFields& fields);
  void write_alerts(const decode::Packet* pkt, flow::Flow* f, const proto::EveFields* tx, std::string_view tx_type);
  // The transaction of the app-layer event a packet alert's rule matched, if it had one.
  const output::EventTransaction* event_transaction_of(const detect::Alert& alert) const;

  const SensorConfig& config_;
  stream::StreamConfig raw_stream_config_;  // config_.stream, keeping the raw stream for packet rules
  std::vector<std::unique_ptr<EveOutput>> outputs_;
  bool frame_records_ = false;  // an output writes frame records
  // The reassembly depth a flow takes when a parser opens a file on it (file-store's stream-depth); 0: none.
  uint32_t file_store_depth_ = 0;
  stream::StreamMemory stream_memory_;
  stream::StreamStats stream_stats_;
  proto::AppLayerStats app_stats_;
  uint64_t reassembled_bytes_ = 0;
  flow::FlowTable flows_;
  uint64_t next_expire_usec_ = 0;
  WorkerStats stats_;
  const detect::RuleSetHandle* rule_source_;
  uint64_t rules_generation_ = 0;
  detect::Detector detector_;
  std::vector<detect::Alert> alerts_;
  intel_match::IndicatorMatcher indicators_;
  proto::ExpectationTable* expectations_;
  // What the packet being processed raised, for the event keywords.
  std::vector<std::string_view> stream_events_;
  std::vector<std::string> app_event_names_;
  std::vector<std::string> other_side_event_names_;
  std::vector<output::EventTransaction> event_transactions_;  // the events tied to a transaction
  std::vector<detect::AppEvent> app_events_;
};

template <typename Wants, typename Write>
uint64_t Worker::write_record(Wants wants, Write write) {
  uint64_t written = 0;
  for (auto& out : outputs_) {
    if (!wants(out->config.eve)) continue;
    write(out->records, out->buffer.text());
    out->buffer.end_record();
    ++written;
  }
  return written;
}

}  // namespace rampart::sensor
