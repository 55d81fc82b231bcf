#include "stream/tcp_session.hpp"

#include <algorithm>

#include "stream/tcp_session_impl.hpp"

namespace rampart::stream {

namespace {

// Passes the session's deliveries on with the directions as the caller names
// them, looking at `reversed` on each call: a reversal decided by the sink while
// a segment is delivered applies to what follows.
class CallerSink final : public StreamSink {
 public:
  CallerSink(StreamSink& inner, const bool& reversed) : inner_(inner), reversed_(reversed) {}
  void on_data(Direction dir, std::span<const uint8_t> bytes) override { inner_.on_data(named(dir), bytes); }
  void on_gap(Direction dir, uint32_t length) override { inner_.on_gap(named(dir), length); }
  void on_close(Direction dir) override { inner_.on_close(named(dir)); }
  void on_depth(Direction dir) override { inner_.on_depth(named(dir)); }
  void on_session_closed() override { inner_.on_session_closed(); }

 private:
  Direction named(Direction dir) const { return reversed_ ? opposite(dir) : dir; }

  StreamSink& inner_;
  const bool& reversed_;
};

}  // namespace

TcpSession::TcpSession(const StreamConfig& config, StreamMemory& memory, StreamStats& stats)
    : impl_(std::make_unique<Impl>(config, memory, stats)) {}
TcpSession::~TcpSession() = default;
TcpSession::TcpSession(TcpSession&&) noexcept = default;
TcpSession& TcpSession::operator=(TcpSession&&) noexcept = default;

bool TcpSession::handle(Direction caller_dir, const TcpSegment& seg, StreamSink& caller_sink, StreamEvents& events) {
  Impl& s = *impl_;
  const Direction dir = inner(caller_dir);
  CallerSink sink(caller_sink, s.reversed);
  s.sender(dir).flags_seen |= seg.flags;
  bool accepted = false;
  if ((seg.flags & (kSyn | kFin)) == (kSyn | kFin)) {
    events.add(StreamEvent::FinSyn);
  } else {
    switch (s.state) {
      case TcpState::None: accepted = s.handle_none(dir, seg, sink, events); break;
      case TcpState::SynSent: accepted = s.handle_syn_sent(dir, seg, sink, events); break;
      case TcpState::SynRecv: accepted = s.handle_syn_recv(dir, seg, sink, events); break;
      case TcpState::Closed: break;
      default: accepted = s.handle_open(dir, seg, sink, events); break;
    }
  }
  if (!accepted) ++s.stats->invalid;
  return accepted;
}

void TcpSession::flush(StreamSink& caller_sink) {
  CallerSink sink(caller_sink, impl_->reversed);
  for (auto& side : impl_->endpoints) side.reassembler.flush(sink);
}

void TcpSession::reverse() { impl_->reversed = !impl_->reversed; }

TcpState TcpSession::state() const { return impl_->state; }
uint8_t TcpSession::flags_seen(Direction dir) const { return impl_->sender(inner(dir)).flags_seen; }
bool TcpSession::picked_up_midstream() const { return impl_->midstream; }
bool TcpSession::midstream_policy_applied() const { return impl_->midstream_policy_applied; }
bool TcpSession::stream_closed(Direction dir) const { return impl_->sender(inner(dir)).reassembler.closed(); }
bool TcpSession::depth_reached(Direction dir) const {
  return impl_->sender(inner(dir)).reassembler.depth_reached();
}
void TcpSession::raise_reassembly_depth(uint32_t depth) {
  uint32_t& own = impl_->config.reassembly_depth;
  if (depth > own || depth == 0) own = depth;
}
uint32_t TcpSession::max_regions(Direction dir) const {
  return impl_->sender(inner(dir)).reassembler.max_regions();
}
RawStream& TcpSession::raw(Direction dir) { return impl_->sender(inner(dir)).reassembler.raw(); }
uint32_t TcpSession::sequence_size(Direction dir) const {
  const auto& side = impl_->sender(inner(dir));
  return side.next_seq - side.isn;
}

Direction TcpSession::inner(Direction dir) const { return impl_->reversed ? opposite(dir) : dir; }

void TcpSession::Impl::learn_syn(TcpEndpoint& side, const TcpSegment& seg) {
  side.isn = seg.seq;
  side.next_seq = seg.seq + 1;
  side.window = seg.window;  // never scaled on a SYN
  side.offered_wscale = seg.has_wscale;
  side.wscale = seg.has_wscale ? std::min<uint8_t>(seg.wscale, kUnknownWindowScale) : 0;
  side.offered_sack = seg.sack_permitted;
  side.offered_ts = seg.has_timestamp;
  side.last_ts = seg.has_timestamp ? seg.ts_value : 0;
}

void TcpSession::Impl::negotiate_options() {
  TcpEndpoint& a = endpoints[0];
  TcpEndpoint& b = endpoints[1];
  if (!(a.offered_wscale && b.offered_wscale)) a.wscale = b.wscale = 0;  // RFC 7323: both or neither
  timestamps = a.offered_ts && b.offered_ts;
  sack_permitted = a.offered_sack && b.offered_sack;
}

void TcpSession::Impl::establish(StreamSink& sink) {
  state = TcpState::Established;
  for (auto& side : endpoints) {
    if (!side.reassembler.started()) side.reassembler.start(side.isn + 1);
    if (side.fin_sent) side.reassembler.set_fin(side.fin_seq, sink);
  }
}

void TcpSession::Impl::update_ack(TcpEndpoint& side, const TcpSegment& seg) {
  if (!(seg.flags & kAck)) return;
  side.last_ack = side.acked ? seq_max(side.last_ack, seg.ack) : seg.ack;
  side.acked = true;
  const uint8_t scale = (seg.flags & kSyn) ? 0 : side.wscale;
  side.window = static_cast<uint32_t>(seg.window) << scale;
}

bool TcpSession::Impl::accept_payload(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events) {
  if (seg.payload.empty()) return true;
  const SegmentOutcome outcome = sender(dir).reassembler.add(seg.seq, seg.payload, sink, events);
  if (outcome == SegmentOutcome::Retransmission) {
    const TcpEndpoint& peer = receiver(dir);
    const uint32_t end = seg.seq + static_cast<uint32_t>(seg.payload.size());
    const bool already_acked = peer.acked && seq_leq(end, peer.last_ack);
    events.add(already_acked ? StreamEvent::PktSpuriousRetransmission : StreamEvent::PktRetransmission);
  }
  return true;
}

// As Suricata, the RST's sender's stream goes to the sink and ends now; the other
// side's unacknowledged bytes wait for the flow's end.
void TcpSession::Impl::close_with_reset(Direction dir, StreamSink& sink) {
  state = TcpState::Closed;
  if (sender(dir).reassembler.started()) sender(dir).reassembler.close(sink);
  if (receiver(dir).reassembler.started()) receiver(dir).reassembler.end(sink);
}

void TcpSession::Impl::deliver_one_sided(Direction dir, StreamSink& sink) {
  if (!config.async_oneside || receiver(dir).flags_seen != 0) return;
  TcpEndpoint& s = sender(dir);
  s.reassembler.acknowledge(s.next_seq, sink);
}

}  // namespace rampart::stream
