// The states after the handshake: established and the FIN/RST teardown. States
// are named from the server's side as Suricata names them: the client's FIN
// leads to close_wait, the server's FIN to fin_wait1.
#include <algorithm>

#include "stream/tcp_session_impl.hpp"

namespace rampart::stream {

namespace {

// The event for a segment beyond the receiver's window, per state.
StreamEvent out_of_window_event(TcpState state) {
  switch (state) {
    case TcpState::FinWait1: return StreamEvent::Fin1AckWrongSeq;
    case TcpState::FinWait2: return StreamEvent::Fin2AckWrongSeq;
    case TcpState::CloseWait: return StreamEvent::ClosewaitAckOutOfWindow;
    case TcpState::LastAck: return StreamEvent::LastackAckWrongSeq;
    case TcpState::Closing: return StreamEvent::ClosingAckWrongSeq;
    case TcpState::TimeWait: return StreamEvent::TimewaitAckWrongSeq;
    default: return StreamEvent::EstPacketOutOfWindow;
  }
}

// The event for a FIN beyond the receiver's window, per state.
StreamEvent fin_out_of_window_event(TcpState state) {
  switch (state) {
    case TcpState::FinWait1: return StreamEvent::Fin1FinWrongSeq;
    case TcpState::FinWait2: return StreamEvent::Fin2FinWrongSeq;
    case TcpState::CloseWait: return StreamEvent::ClosewaitFinOutOfWindow;
    default: return StreamEvent::FinOutOfWindow;
  }
}

// The event for a segment acknowledging bytes its receiver never sent, per state.
StreamEvent invalid_ack_event(TcpState state, bool fin) {
  switch (state) {
    case TcpState::Established: return fin ? StreamEvent::FinInvalidAck : StreamEvent::EstInvalidAck;
    case TcpState::FinWait1: return StreamEvent::Fin1InvalidAck;
    case TcpState::FinWait2: return StreamEvent::Fin2InvalidAck;
    case TcpState::CloseWait: return StreamEvent::ClosewaitInvalidAck;
    case TcpState::LastAck: return StreamEvent::LastackInvalidAck;
    case TcpState::Closing: return StreamEvent::ClosingInvalidAck;
    default: return StreamEvent::TimewaitInvalidAck;
  }
}

bool acks_fin(const TcpSegment& seg, const TcpEndpoint& fin_side) {
  return (seg.flags & kAck) && fin_side.fin_sent && seq_gt(seg.ack, fin_side.fin_seq);
}

// SYNs after the handshake: retransmissions or attempts to confuse the tracker.
StreamEvent late_syn_event(TcpState state, bool from_client, bool syn_ack, bool same_isn, bool same_ack) {
  if (state != TcpState::Established) return StreamEvent::ShutdownSynResend;
  if (syn_ack) {
    if (from_client) return StreamEvent::EstSynackToserver;
    if (!same_isn) return StreamEvent::EstSynackResendWithDiffSeq;
    return same_ack ? StreamEvent::EstSynackResend : StreamEvent::EstSynackResendWithDifferentAck;
  }
  if (!from_client) return StreamEvent::EstSynToclient;
  return same_isn ? StreamEvent::EstSynResend : StreamEvent::EstSynResendDiffSeq;
}

// An ACK for bytes the sensor never saw is valid while it stays within the acked
// side's window past the last ACK of its bytes (Suricata's next_win): those bytes
// were lost before the sensor, and the gap shows when the stream is delivered.
bool acks_within_window(const TcpEndpoint& acking, const TcpEndpoint& acked, uint32_t ack) {
  return acking.acked && seq_leq(ack, acking.last_ack + acked.window);
}

}  // namespace

bool TcpSession::Impl::handle_open(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events) {
  TcpEndpoint& s = sender(dir);
  TcpEndpoint& r = receiver(dir);
  const bool from_client = dir == syn_sender;

  if (seg.flags & kSyn) {
    const bool syn_ack = (seg.flags & kAck) != 0;
    events.add(late_syn_event(state, from_client, syn_ack, seg.seq == s.isn, seg.ack == r.isn + 1));
    return false;
  }
  if (timestamps && seg.has_timestamp && s.last_ts != 0 && seq_lt(seg.ts_value, s.last_ts)) {
    events.add(StreamEvent::PktInvalidTimestamp);  // PAWS (RFC 7323): an older TSval is a stale or forged segment
    return false;
  }
  if (seg.flags & kRst) {
    const bool in_window = seg.seq == s.next_seq ||
                           (r.acked && seq_geq(seg.seq, r.last_ack) && seq_lt(seg.seq, r.last_ack + std::max(r.window, 1u)));
    if (!in_window) {
      events.add(StreamEvent::SuspectedRstInject);
      return false;
    }
    if ((seg.flags & kAck) && r.flags_seen != 0 && seq_gt(seg.ack, r.next_seq)) {
      events.add(StreamEvent::RstInvalidAck);
      return false;
    }
    close_with_reset(dir, sink);
    return true;
  }
  if (!(seg.flags & kAck)) {
    if (seg.ack != 0) events.add(StreamEvent::PktBrokenAck);
  } else if (r.flags_seen != 0 && seq_gt(seg.ack, r.next_seq) && !acks_within_window(s, r, seg.ack)) {
    events.add(StreamEvent::PktInvalidAck);
    events.add(invalid_ack_event(state, (seg.flags & kFin) != 0));
    return false;
  }
  if (r.acked && seq_gt(seg.seq, r.last_ack + r.window)) {
    events.add((seg.flags & kFin) ? fin_out_of_window_event(state) : out_of_window_event(state));
    return false;
  }

  const uint32_t end = seg.seq + static_cast<uint32_t>(seg.payload.size());
  s.next_seq = seq_max(s.next_seq, end + ((seg.flags & kFin) ? 1u : 0u));
  if (timestamps && seg.has_timestamp) s.last_ts = seg.ts_value;
  update_ack(s, seg);
  // The ACK hands the other side's bytes to the sink before this segment's own.
  if (seg.flags & kAck) r.reassembler.acknowledge(seg.ack, sink);
  deliver_one_sided(dir, sink);
  accept_payload(dir, seg, sink, events);
  if ((seg.flags & kFin) && !s.fin_sent) {
    s.fin_sent = true;
    s.fin_seq = end;
    s.reassembler.set_fin(end, sink);
  }
  advance_teardown(from_client, seg);
  if (state == TcpState::Closed) {
    // As Suricata's reassembly at its closed state: what was acknowledged past a hole reaches the app layer before its end.
    for (auto& side : endpoints) side.reassembler.skip_acknowledged_holes(sink);
    sink.on_session_closed();
  }
  return true;
}

void TcpSession::Impl::advance_teardown(bool from_client, const TcpSegment& seg) {
  const bool fin = (seg.flags & kFin) != 0;
  const TcpEndpoint& client = sender(syn_sender);
  const TcpEndpoint& server = receiver(syn_sender);
  switch (state) {
    case TcpState::Established:
      if (fin) state = from_client ? TcpState::CloseWait : TcpState::FinWait1;
      break;
    case TcpState::FinWait1:
      if (!from_client) break;
      if (fin) state = acks_fin(seg, server) ? TcpState::TimeWait : TcpState::Closing;
      else if (acks_fin(seg, server)) state = TcpState::FinWait2;
      break;
    case TcpState::FinWait2:
      if (from_client && fin) state = TcpState::TimeWait;
      break;
    case TcpState::CloseWait:
      if (!from_client && fin) state = TcpState::LastAck;
      break;
    case TcpState::LastAck:  // as Suricata's: the client's next ACK closes, whatever it acknowledges
      if (from_client && (seg.flags & kAck)) state = TcpState::Closed;
      break;
    case TcpState::Closing:
      if (from_client && acks_fin(seg, server)) state = TcpState::TimeWait;
      break;
    case TcpState::TimeWait:
      if (!from_client && acks_fin(seg, client)) state = TcpState::Closed;
      break;
    default:
      break;
  }
}

}  // namespace rampart::stream
