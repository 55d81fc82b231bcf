#include "sensor/worker.hpp"

namespace rampart::sensor {

namespace {
constexpr uint64_t kExpireIntervalUsec = 1'000'000;
}

// Receives each flow's reassembled bytes. No application-layer parser consumes
// them yet, so it counts what reassembly delivered (reported in stats).
class Worker::ReassembledBytes final : public stream::StreamSink {
 public:
  void on_data(stream::Direction, std::span<const uint8_t> bytes) override { delivered += bytes.size(); }
  void on_gap(stream::Direction, uint32_t) override { ++gaps; }
  void on_close(stream::Direction) override {}
  uint64_t delivered = 0, gaps = 0;
};

Worker::Worker(const SensorConfig& config, output::EveFile* eve)
    : config_(config),
      eve_(eve),
      stream_memory_(config.stream_memcap),
      sink_(std::make_unique<ReassembledBytes>()),
      flows_(config.flow, [this](flow::Flow& f, flow::EndReason r) { end_flow(f, r); }) {}

Worker::~Worker() = default;

void Worker::process(const decode::Packet& pkt) {
  ++stats_.packets;
  maybe_expire(pkt.ts_usec);
  if (pkt.ip_version == 0 || pkt.is_fragment) {
    log_decode_events(pkt, nullptr);
    return;
  }
  auto [f, dir, created] = flows_.lookup(pkt);
  auto d = static_cast<size_t>(dir);
  ++f->pkts[d];
  f->bytes[d] += pkt.frame.size();
  log_decode_events(pkt, f);
  if (pkt.l4 == decode::L4Proto::Tcp) {
    track_tcp(*f, dir, pkt);
  } else if (pkt.l4 == decode::L4Proto::Icmp || pkt.l4 == decode::L4Proto::Icmpv6) {
    if (!f->icmp_seen[d]) {
      f->icmp_seen[d] = true;
      f->icmp_type[d] = pkt.icmp_type;
      f->icmp_code[d] = pkt.icmp_code;
    }
  }
  update_state(*f);
}

void Worker::track_tcp(flow::Flow& f, stream::Direction dir, const decode::Packet& pkt) {
  using namespace decode::tcp_flag;
  if (!f.tcp) f.tcp.emplace(config_.stream, stream_memory_, stream_stats_);
  if (pkt.tcp_flags & kSyn) ++(pkt.tcp_flags & kAck ? stats_.synack : stats_.syn);
  if (pkt.tcp_flags & kRst) ++stats_.rst;
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
                         .payload = pkt.payload};
  stream::StreamEvents events;
  if (!f.tcp->handle(dir, seg, *sink_, events)) ++stats_.tcp_packets_invalid;
  for (size_t i = 0; i < events.size(); ++i) {
    auto e = events[i];
    ++stats_.stream_events[static_cast<size_t>(e)];
    if (!config_.eve.anomaly || !config_.eve.anomaly_stream) continue;
    records_.anomaly_record(eve_.text(), pkt, &f, "stream", "stream.", stream::event_name(e));
    eve_.end_record();
    ++stats_.anomalies_stream;
  }
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
  if (pkt.events.empty() || !config_.eve.anomaly || !config_.eve.anomaly_decode) return;
  for (size_t i = 0; i < pkt.events.size(); ++i) {
    records_.anomaly_record(eve_.text(), pkt, f, "decode", "decoder.", decode::event_name(pkt.events[i]));
    eve_.end_record();
    ++stats_.anomalies_decode;
  }
}

void Worker::end_flow(flow::Flow& f, flow::EndReason reason) {
  if (f.tcp) {
    f.tcp->flush(*sink_);
    ++stats_.tcp_end_states[static_cast<size_t>(f.tcp->state())];
  }
  if (!config_.eve.flow) return;
  records_.flow_record(eve_.text(), f, reason);
  eve_.end_record();
  ++stats_.flow_records;
}

void Worker::maybe_expire(uint64_t now_usec) {
  if (now_usec < next_expire_usec_) return;
  if (next_expire_usec_ != 0) flows_.expire(now_usec);
  next_expire_usec_ = now_usec + kExpireIntervalUsec;
}

uint64_t Worker::reassembled_bytes() const { return sink_->delivered; }

void Worker::finish() {
  flows_.drain();
  eve_.flush();
}

}  // namespace rampart::sensor
