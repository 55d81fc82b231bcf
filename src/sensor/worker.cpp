#include "sensor/worker.hpp"

#include <algorithm>

#include "stream/raw_stream.hpp"

namespace rampart::sensor {

namespace {
constexpr uint64_t kExpireIntervalUsec = 1'000'000;
// Inspected stream bytes kept per direction so that rules find patterns split
// across segments.
constexpr uint32_t kRawLookback = 256;

stream::StreamConfig with_raw_stream(const stream::StreamConfig& config) {
  stream::StreamConfig out = config;
  out.raw_lookback = kRawLookback;
  return out;
}
}

// Turns a parser's transactions and anomalies into EVE records of one flow, seen
// from the packet being processed (nullptr when the flow ends). other_side: that
// packet as the other direction sees it (seen_from_other_side), when its ACK handed
// the parser that side's bytes: transactions and rules are seen from there, as
// Suricata's loggers and rules of that direction see them; anomalies from the packet.
// flow_end: at the flow's end, the pseudo packet carrying the bytes the parser is
// given, for the transaction rules' payload keywords (records have no packet).
class Worker::FlowEvents final : public proto::EventSink {
 public:
  FlowEvents(Worker& w, flow::Flow& f, const decode::Packet* pkt, const decode::Packet* other_side = nullptr,
             const decode::Packet* flow_end = nullptr)
      : w_(w), f_(f), wire_pkt_(pkt), pkt_(other_side != nullptr ? other_side : pkt),
        inspected_pkt_(flow_end != nullptr ? flow_end : pkt_), other_side_(other_side != nullptr) {}
  void transaction(std::string_view event_type, uint64_t tx_id, proto::LogDirection direction,
                   const proto::EveFields& fields) override {
    for (auto& out : w_.outputs_) {
      if (!out->config.eve.writes_transaction(event_type)) continue;
      for (size_t part = 0, parts = out->records.transaction_record_count(fields); part < parts; ++part) {
        out->records.transaction_record(out->buffer.text(), f_, pkt_, event_type, tx_id, direction, fields, part);
        out->buffer.end_record();
        ++w_.stats_.transaction_records;
      }
    }
    w_.detect_transaction(f_, inspected_pkt_, event_type, tx_id, fields);
    w_.match_transaction_indicators(f_, pkt_, event_type, tx_id, fields);
  }
  // As Suricata, the rules of the side whose bytes the other side's ACK handed over
  // run on that side's next packet (Worker::inspect_deferred).
  bool defers_side(proto::Direction side) const override {
    (void)side;
    return other_side_ && w_.rule_source_ != nullptr;
  }
  void side_complete(std::string_view event_type, uint64_t tx_id, proto::Direction side,
                     const proto::EveFields& fields) override {
    w_.detect_transaction(f_, inspected_pkt_, event_type, tx_id, fields, side);
  }
  void file(uint64_t tx_id, const proto::EveFields& fields) override {
    proto::FileSpool* stored = w_.store_file(f_, tx_id, fields);
    bool fileinfo_kept = false;  // the stored file's .json is the first output's record
    w_.stats_.transaction_records += w_.write_record(
        [](const EveConfig& eve) { return eve.writes_transaction("fileinfo"); },
        [&](output::EveRecordWriter& records, std::string& out) {
          size_t start = out.size();
          records.transaction_record(out, f_, pkt_, "fileinfo", tx_id, proto::LogDirection::Flow, fields);
          if (stored != nullptr && !fileinfo_kept) stored->write_fileinfo(std::string_view(out).substr(start));
          fileinfo_kept = true;
        });
  }
  void file_opened() override {
    if (f_.tcp && w_.file_store_depth_ != 0) f_.tcp->raise_reassembly_depth(w_.file_store_depth_);
  }
  bool wants_frames() const override { return w_.frames_wanted(); }
  bool wants_stream_frames() const override { return w_.stream_frames_wanted(); }
  void frame(const proto::Frame& frame, const proto::EveFields* tx) override {
    w_.on_frame(f_, inspected_pkt_, frame, tx);
  }
  void reverse_flow() override { f_.reverse(); }
  void anomaly(std::string_view event) override { record_anomaly(event, std::nullopt); }
  void transaction_anomaly(std::string_view event, uint64_t tx_id, const proto::EveFields& tx) override {
    // The members are rendered once, with the first output's alert settings.
    if (w_.rule_source_ != nullptr && !w_.outputs_.empty()) {
      auto& event_tx = w_.event_transactions_.emplace_back();
      event_tx.event = event;
      event_tx.tx_id = tx_id;
      w_.outputs_.front()->records.render_alert_transaction(event_tx.members, tx);
    }
    record_anomaly(event, tx_id);
  }

 private:
  void record_anomaly(std::string_view event, std::optional<uint64_t> tx_id) {
    ++w_.stats_.anomalies_applayer;
    if (w_.rule_source_ != nullptr) (other_side_ ? w_.other_side_event_names_ : w_.app_event_names_).emplace_back(event);
    w_.write_record([](const EveConfig& eve) { return eve.anomaly && eve.anomaly_applayer; },
                    [&](output::EveRecordWriter& records, std::string& out) {
                      records.applayer_anomaly_record(out, f_, wire_pkt_, event, tx_id);
                    });
  }

  Worker& w_;
  flow::Flow& f_;
  const decode::Packet* wire_pkt_;
  const decode::Packet* pkt_;
  const decode::Packet* inspected_pkt_;
  bool other_side_;
};

// Hands one flow's reassembled TCP bytes to its application layer, and its raw
// stream bytes about to be dropped to the stream rules.
class Worker::FlowStream final : public stream::StreamSink {
 public:
  FlowStream(Worker& w, flow::Flow& f, const decode::Packet* pkt) : w_(w), f_(f), pkt_(pkt), events_(w, f, pkt) {}
  // dir's bytes the other side acknowledged: pkt_ is often the other side's packet
  // (its ACK). The records and rules they lead to are then seen from dir, at pkt_.
  void on_data(stream::Direction dir, std::span<const uint8_t> bytes) override {
    w_.reassembled_bytes_ += bytes.size();
    if (pkt_ == nullptr) return on_flow_end_data(dir, bytes);
    w_.app_of(f_).on_data(dir, bytes, events_of(dir), w_.app_stats_);
  }
  void on_gap(stream::Direction dir, uint32_t length) override { w_.app_of(f_).on_gap(dir, length, events_of(dir)); }
  void on_depth(stream::Direction dir) override { w_.app_of(f_).on_depth(dir, events_of(dir)); }
  void on_close(stream::Direction) override {}
  // Suricata's closed state: the app layer hears the end of both streams here
  // (its app-layer EOF), not at the flow's end.
  void on_session_closed() override {
    if (f_.app) f_.app->finish(events_, w_.app_stats_);
  }
  void before_raw_drop(stream::Direction dir) override { w_.detect_pending_stream(f_, dir, pkt_); }

 private:
  FlowEvents& events_of(stream::Direction dir) {
    if (pkt_ == nullptr || f_.direction_of(*pkt_) == dir) return events_;
    if (!other_side_events_) {
      other_side_view_.emplace(seen_from_other_side(*pkt_));
      other_side_events_.emplace(w_, f_, pkt_, &*other_side_view_);
    }
    return *other_side_events_;
  }
  // Suricata inspects what the flow's end hands the parser from a pseudo packet carrying it.
  void on_flow_end_data(stream::Direction dir, std::span<const uint8_t> bytes) {
    const decode::Packet pseudo = pseudo_packet(f_, dir, bytes);
    FlowEvents events(w_, f_, nullptr, nullptr, &pseudo);
    w_.app_of(f_).on_data(dir, bytes, events, w_.app_stats_);
  }

  Worker& w_;
  flow::Flow& f_;
  const decode::Packet* pkt_;
  FlowEvents events_;
  std::optional<decode::Packet> other_side_view_;
  std::optional<FlowEvents> other_side_events_;
};

Worker::EveOutput::EveOutput(const EveOutputConfig& c, output::EveFile* file) : config(c), buffer(file) {
  records.set_alert_payload(c.alert_payload);
  records.set_anomaly_packet_header(c.eve.anomaly_packet_header);
  if (c.eve.community_id) records.set_community_id(c.eve.community_id_seed);
  records.set_record_options(c.transaction_record_options, c.alert_record_options);
}

Worker::Worker(const SensorConfig& config, std::span<output::EveFile* const> eve_files,
               const detect::RuleSetHandle* rules, const intel_match::IndicatorHandle* indicators,
               proto::ExpectationTable* expectations)
    : config_(config),
      raw_stream_config_(with_raw_stream(config.stream)),
      stream_memory_(config.stream_memcap),
      flows_(config.flow, [this](flow::Flow& f, flow::EndReason r) { end_flow(f, r); }),
      rule_source_(rules),
      detector_(config.packet_alert_max),
      indicators_(indicators),
      expectations_(expectations) {
  for (size_t i = 0; i < eve_files.size() && i < config.eve_outputs.size(); ++i)
    if (eve_files[i] != nullptr) outputs_.push_back(std::make_unique<EveOutput>(config.eve_outputs[i], eve_files[i]));
  frame_records_ = std::ranges::any_of(outputs_, [](const auto& out) { return out->config.eve.frame; });
  if (config.app_layer.file_store != nullptr)
    file_store_depth_ = config.file_store.flow_depth(config.stream.reassembly_depth);
}

Worker::~Worker() = default;

// As Suricata's midstream pick-up from a SYN/ACK: its sender is the server, so the
// flow starts the other way round.
bool Worker::starts_from_syn_ack(const decode::Packet& pkt) const {
  using namespace decode::tcp_flag;
  const bool syn_ack = (pkt.tcp_flags & (kSyn | kAck | kRst | kFin)) == (kSyn | kAck);
  return pkt.l4 == decode::L4Proto::Tcp && syn_ack && (config_.stream.midstream || config_.stream.async_oneside);
}

void Worker::process(const decode::Packet& pkt) {
  ++stats_.packets;
  maybe_expire(pkt.ts_usec);
  stream_events_.clear();
  app_event_names_.clear();
  other_side_event_names_.clear();
  event_transactions_.clear();
  if (pkt.ip_version == 0 || pkt.is_fragment) {
    log_decode_events(pkt, nullptr);
    if (pkt.ip_version != 0) {
      detect_packet(pkt, nullptr, stream::Direction::ToServer);
      log_if_tagged(pkt, nullptr);
    }
    return;
  }
  auto [f, dir, created] = flows_.lookup(pkt);
  if (created && starts_from_syn_ack(pkt)) {
    f->reverse();
    dir = f->direction_of(pkt);
  }
  auto d = static_cast<size_t>(dir);
  ++f->pkts[d];
  f->bytes[d] += pkt.frame.size();
  f->min_ttl[d] = std::min(f->min_ttl[d], pkt.ttl);
  f->max_ttl[d] = std::max(f->max_ttl[d], pkt.ttl);
  if (f->bypassed) {  // Suricata's local bypass: counted, nothing more
    ++stats_.bypassed_packets;
    stats_.bypassed_bytes += pkt.frame.size();
    ++f->bypassed_pkts[d];
    f->bypassed_bytes[d] += pkt.frame.size();
    return;
  }
  log_decode_events(pkt, f);
  if (pkt.l4 == decode::L4Proto::Tcp) {
    track_tcp(*f, dir, pkt);
    dir = f->direction_of(pkt);  // detection may have reversed the flow
    inspect_deferred(*f, dir, pkt);
  } else if (pkt.l4 == decode::L4Proto::Udp) {
    // As in Suricata, a UDP checksum does not keep a datagram from the app layer.
    if (!pkt.payload.empty()) {
      FlowEvents events(*this, *f, &pkt);
      app_of(*f).on_data(dir, pkt.payload, events, app_stats_);
    }
  } else if (pkt.l4 == decode::L4Proto::Icmp || pkt.l4 == decode::L4Proto::Icmpv6) {
    // An ICMP error counted in the flow it quotes is no message of that flow's own.
    if (!f->icmp_seen[d] && f->ip_proto == pkt.ip_proto) {
      f->icmp_seen[d] = true;
      f->icmp_type[d] = pkt.icmp_type;
      f->icmp_code[d] = pkt.icmp_code;
    }
  }
  // The rules see the flow's state from before the packet, as Suricata's do: the
  // handshake's last ACK is not yet "established".
  detect_packet(pkt, f, dir);
  update_state(*f);
  if (!f->encryption_handled && f->app && f->app->encrypted()) handle_encryption(*f, pkt);
  // As Suricata's bypass callback, the packet that asks for it is inspected in full.
  const bool past_depth = config_.stream.bypass && f->tcp &&
                          (f->tcp->depth_reached(stream::Direction::ToServer) ||
                           f->tcp->depth_reached(stream::Direction::ToClient));
  if (!f->bypassed && (past_depth || f->bypass_requested)) bypass(*f);
  if (created) match_flow_indicators(pkt, *f);
  log_if_tagged(pkt, f);
}

void Worker::track_tcp(flow::Flow& f, stream::Direction dir, const decode::Packet& pkt) {
  using namespace decode::tcp_flag;
  // Sessions keep the raw stream for packet rules when rules are loaded as they start.
  if (!f.tcp) f.tcp.emplace(detecting() ? raw_stream_config_ : config_.stream, stream_memory_, stream_stats_);
  if (pkt.tcp_flags & kSyn) ++(pkt.tcp_flags & kAck ? stats_.synack : stats_.syn);
  if (pkt.tcp_flags & kRst) ++stats_.rst;
  if (pkt.ipv4_checksum_bad || pkt.l4_checksum_bad) {
    // The receiving host would drop it, so it must not shape the stream.
    ++stats_.tcp_invalid_checksum;
    return;
  }
  stream::TcpSegment seg{.ts_usec = pkt.ts_usec,
                         .seq = pkt.tcp_seq,
                         .ack = pkt.tcp_ack,
                         .window = pkt.tcp_window,
                         .flags = pkt.tcp_flags,
                         .has_wscale = pkt.tcp_opts.has_wscale,
                         .wscale = pkt.tcp_opts.wscale,
                         .sack_permitted = pkt.tcp_opts.sack_permitted,
                         .has_timestamp = pkt.tcp_opts.has_timestamp,
                         .ts_value = pkt.tcp_opts.ts_value,
                         .ts_echo = pkt.tcp_opts.ts_echo,
                         .tfo = pkt.tcp_opts.tfo,
                         .payload = pkt.payload};
  stream::StreamEvents events;
  FlowStream sink(*this, f, &pkt);
  if (!f.tcp->handle(dir, seg, sink, events)) ++stats_.tcp_packets_invalid;
  detect_other_side_events(f, pkt);
  for (size_t i = 0; i < events.size(); ++i) {
    auto e = events[i];
    ++stats_.stream_events[static_cast<size_t>(e)];
    if (rule_source_ != nullptr) stream_events_.push_back(stream::event_name(e));
    auto written = write_record([](const EveConfig& eve) { return eve.anomaly && eve.anomaly_stream; },
                                [&](output::EveRecordWriter& records, std::string& out) {
                                  records.anomaly_record(out, pkt, &f, "stream", "stream.", stream::event_name(e));
                                });
    if (written > 0) ++stats_.anomalies_stream;
  }
}

void Worker::inspect_deferred(flow::Flow& f, stream::Direction dir, const decode::Packet& pkt) {
  if (!f.app || rule_source_ == nullptr) return;
  FlowEvents events(*this, f, &pkt);
  f.app->inspect_deferred(dir, events);
}

void Worker::update_state(flow::Flow& f) {
  if (f.tcp) {
    switch (f.tcp->state()) {
      case stream::TcpState::None:
      case stream::TcpState::SynSent:
      case stream::TcpState::SynRecv: flows_.set_state(f, flow::FlowState::New); break;
      case stream::TcpState::TimeWait:
      case stream::TcpState::Closed: flows_.set_state(f, flow::FlowState::Closed); break;
      default: flows_.set_state(f, flow::FlowState::Established);
    }
    return;
  }
  if (f.pkts[0] > 0 && f.pkts[1] > 0) flows_.set_state(f, flow::FlowState::Established);
}

void Worker::log_decode_events(const decode::Packet& pkt, const flow::Flow* f) {
  for (size_t i = 0; i < pkt.events.size(); ++i) {
    auto written = write_record([](const EveConfig& eve) { return eve.anomaly && eve.anomaly_decode; },
                                [&](output::EveRecordWriter& records, std::string& out) {
                                  records.anomaly_record(out, pkt, f, "decode", "decoder.",
                                                         decode::event_name(pkt.events[i]));
                                });
    if (written > 0) ++stats_.anomalies_decode;
  }
}

void Worker::end_flow(flow::Flow& f, flow::EndReason reason) {
  if (f.tcp) {
    FlowStream sink(*this, f, nullptr);
    f.tcp->flush(sink);
    for (auto dir : {stream::Direction::ToServer, stream::Direction::ToClient}) detect_pending_stream(f, dir, nullptr);
    ++stats_.tcp_end_states[static_cast<size_t>(f.tcp->state())];
  }
  if (f.app && !f.app->finished()) {
    FlowEvents events(*this, f, nullptr);
    f.app->finish(events, app_stats_);
  }
  write_netflow_records(f);
  stats_.flow_records += write_record([](const EveConfig& eve) { return eve.flow; },
                                      [&](output::EveRecordWriter& records, std::string& out) {
                                        records.flow_record(out, f, reason);
                                      });
}

// As Suricata: the client's direction always, the server's once it sent a packet.
void Worker::write_netflow_records(const flow::Flow& f) {
  for (auto dir : {stream::Direction::ToServer, stream::Direction::ToClient}) {
    if (dir == stream::Direction::ToClient && f.pkts[1] == 0) continue;
    write_record([](const EveConfig& eve) { return eve.netflow; },
                 [&](output::EveRecordWriter& records, std::string& out) { records.netflow_record(out, f, dir); });
  }
}

void Worker::maybe_expire(uint64_t now_usec) {
  if (now_usec < next_expire_usec_) return;
  if (next_expire_usec_ != 0) flows_.expire(now_usec);
  next_expire_usec_ = now_usec + kExpireIntervalUsec;
}

proto::AppLayer& Worker::app_of(flow::Flow& f) {
  if (f.app) return *f.app;
  f.app = std::make_unique<proto::AppLayer>(f.ip_proto == 6, f.server_port, config_.app_protocols);
  bool midstream = f.tcp ? f.tcp->picked_up_midstream() : f.ip_proto == 17;
  f.app->attach({f.client, f.server, f.client_port, f.server_port, f.flow_id, &f.last_usec, expectations_, {},
                 &config_.app_layer, midstream},
                app_stats_);
  return *f.app;
}

void Worker::tick(uint64_t now_usec) {
  maybe_expire(now_usec);
  for (auto& out : outputs_) out->buffer.flush_to_file();
}

void Worker::finish() {
  flows_.drain();
  for (auto& out : outputs_) out->buffer.flush();
}

}  // namespace rampart::sensor
