// The connection set-up states: none, syn_sent and syn_recv, including midstream
// pick-up, simultaneous open and one-sided (asynchronous) sessions.
#include "stream/tcp_session_impl.hpp"

namespace rampart::stream {

namespace {

bool is_syn_ack(const TcpSegment& seg) { return (seg.flags & (kSyn | kAck)) == (kSyn | kAck); }

// A reply to our SYN must echo the SYN's TSval, and may echo nothing else when
// the SYN carried no timestamp: a forged RST or FIN fails this (Suricata bug 3286).
bool reply_timestamp_valid(const TcpEndpoint& syn_side, const TcpSegment& seg) {
  if (!seg.has_timestamp || seg.ts_echo == 0) return true;
  return syn_side.offered_ts && syn_side.last_ts != 0 && seg.ts_echo == syn_side.last_ts;
}

}  // namespace

// TCP Fast Open: the SYN's payload is the client's first bytes, acknowledged by the SYN/ACK.
void TcpSession::Impl::accept_syn_data(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events) {
  if (seg.payload.empty()) return;
  TcpEndpoint& s = sender(dir);
  s.reassembler.start(s.isn + 1);
  s.next_seq = s.isn + 1 + static_cast<uint32_t>(seg.payload.size());
  s.reassembler.add(s.isn + 1, seg.payload, sink, events);
}

void TcpSession::Impl::pick_up_midstream(Direction dir, const TcpSegment& seg) {
  TcpEndpoint& s = sender(dir);
  TcpEndpoint& r = receiver(dir);
  s.isn = seg.seq - 1;
  s.next_seq = seg.seq;
  r.isn = seg.ack - 1;
  r.next_seq = seg.ack;
  s.wscale = r.wscale = kUnknownWindowScale;
  timestamps = seg.has_timestamp;
  s.last_ts = seg.has_timestamp ? seg.ts_value : 0;
  midstream = true;
  ++stats->sessions;
  ++stats->midstream_pickups;
}

bool TcpSession::Impl::handle_none(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events) {
  if (seg.flags & kRst) {
    events.add(StreamEvent::RstButNoSession);
    return false;
  }
  if ((seg.flags & (kSyn | kAck)) == kSyn) {
    learn_syn(sender(dir), seg);
    syn_sender = dir;
    state = TcpState::SynSent;
    ++stats->sessions;
    if (seg.tfo) accept_syn_data(dir, seg, sink, events);
    return true;
  }
  if (seg.flags & (kFin | kAck)) midstream_policy_applied = true;
  // As Suricata, a one-sided session may start from the server's SYN/ACK without midstream.
  if (is_syn_ack(seg) && (config.midstream || config.async_oneside)) {
    pick_up_midstream(dir, seg);
    learn_syn(sender(dir), seg);
    syn_sender = opposite(dir);
    update_ack(sender(dir), seg);
    state = TcpState::SynRecv;
    return true;
  }
  if (!config.midstream) {
    if (seg.flags & kFin) events.add(StreamEvent::FinButNoSession);
    return false;
  }
  if (!(seg.flags & kAck)) return false;
  pick_up_midstream(dir, seg);
  establish(sink);
  return handle_open(dir, seg, sink, events);
}

bool TcpSession::Impl::handle_syn_sent(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events) {
  TcpEndpoint& client = sender(syn_sender);
  if (dir == syn_sender) {
    if (is_syn_ack(seg)) {
      events.add(StreamEvent::ThreeWhsSynackInWrongDirection);
      return false;
    }
    if (seg.flags & kSyn) {  // a retransmitted SYN; a new ISN replaces the old one
      // The same SYN sent again with a new TSval: the SYN/ACK may answer either (Suricata bug 6269).
      const bool same_isn = seg.seq == client.isn;
      if (same_isn && earlier_syn_ts == 0) earlier_syn_ts = client.last_ts;
      if (!same_isn) earlier_syn_ts = 0;
      learn_syn(client, seg);
      return true;
    }
    if (seg.flags & kRst) {  // the client aborting its own SYN: seq ISN, ack ISN+1, window 0
      const bool abort = seg.seq == client.isn && seg.ack == client.isn + 1 && seg.window == 0;
      if (abort) close_with_reset(dir, sink);
      return abort;
    }
    if (config.async_oneside && (seg.flags & kAck) && seg.seq == client.isn + 1) {
      TcpEndpoint& server = receiver(dir);
      server.isn = seg.ack - 1;
      server.next_seq = seg.ack;
      client.wscale = server.wscale = kUnknownWindowScale;
      establish(sink);
      return handle_open(dir, seg, sink, events);
    }
    return false;
  }

  if (earlier_syn_ts != 0 && seg.has_timestamp && seg.ts_echo == earlier_syn_ts) {
    client.last_ts = earlier_syn_ts;  // the reply answers the earlier SYN: go on from that one
  } else if (!reply_timestamp_valid(client, seg)) {
    events.add(StreamEvent::PktInvalidTimestamp);
    return false;
  }
  TcpEndpoint& server = sender(dir);
  if (seg.flags & kRst) {
    const bool valid = (seg.flags & kAck) && seg.ack == client.isn + 1;
    if (!valid) {
      events.add(StreamEvent::RstInvalidAck);
      return false;
    }
    close_with_reset(dir, sink);
    return true;
  }
  if (!(seg.flags & kSyn)) return false;
  if (!(seg.flags & kAck)) {  // simultaneous open: both sides sent a SYN
    learn_syn(server, seg);
    simultaneous_open = true;
    state = TcpState::SynRecv;
    return true;
  }
  // After a Fast Open SYN the server acknowledges its data too, or only the SYN.
  if (seg.ack != client.isn + 1 && seg.ack != client.next_seq) {
    events.add(StreamEvent::ThreeWhsSynackWithWrongAck);
    return false;
  }
  learn_syn(server, seg);
  update_ack(server, seg);
  negotiate_options();
  if (!seg.payload.empty()) events.add(StreamEvent::ThreeWhsSynackTfoDataIgnored);
  state = TcpState::SynRecv;
  return true;
}

bool TcpSession::Impl::handle_syn_recv(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events) {
  TcpEndpoint& s = sender(dir);
  TcpEndpoint& r = receiver(dir);
  const bool from_client = dir == syn_sender;

  if (seg.flags & kRst) {
    const bool in_window = seg.seq == s.isn + 1 || seg.seq == s.next_seq;
    if (!in_window) {
      events.add(StreamEvent::RstInvalidAck);
      return false;
    }
    close_with_reset(dir, sink);
    return true;
  }

  if (simultaneous_open) {
    if (is_syn_ack(seg)) {
      if (seg.ack != r.isn + 1) {
        events.add(StreamEvent::FourWhsSynackWithWrongAck);
        return false;
      }
      if (seg.seq != s.isn) {
        events.add(StreamEvent::FourWhsSynackWithWrongSyn);
        return false;
      }
      update_ack(s, seg);
      negotiate_options();
      return true;
    }
    if (seg.flags & kSyn) return seg.seq == s.isn;
    if (!(seg.flags & kAck)) return false;
    if (seg.seq != s.isn + 1) {
      events.add(StreamEvent::FourWhsWrongSeq);
      return false;
    }
    if (seg.ack != r.isn + 1) {
      events.add(StreamEvent::FourWhsInvalidAck);
      return false;
    }
    establish(sink);
    return handle_open(dir, seg, sink, events);
  }

  if (is_syn_ack(seg)) {
    if (from_client) {
      events.add(StreamEvent::ThreeWhsSynackToserverOnSynRecv);
      return false;
    }
    if (seg.ack != r.isn + 1) {
      events.add(StreamEvent::ThreeWhsSynackResendWithDifferentAck);
      return false;
    }
    if (seg.seq != s.isn) {
      events.add(StreamEvent::ThreeWhsSynackResendWithDiffSeq);
      return false;
    }
    return true;
  }
  if (seg.flags & kSyn) {
    if (!from_client) {
      events.add(StreamEvent::ThreeWhsSynToclientOnSynRecv);
      return false;
    }
    if (seg.seq != s.isn) {
      events.add(StreamEvent::ThreeWhsSynResendDiffSeqOnSynRecv);
      return false;
    }
    return true;
  }
  if (!(seg.flags & kAck)) return false;
  // Picked up from its SYN/ACK, a session goes on with the server's next segment (the client may be unseen).
  if (!from_client && midstream && seg.seq == s.next_seq) {
    establish(sink);
    return handle_open(dir, seg, sink, events);
  }
  if (!from_client) {
    events.add(StreamEvent::ThreeWhsAckInWrongDir);
    return false;
  }
  const bool seq_ok = seg.seq == s.isn + 1 || seg.seq == s.next_seq;  // next_seq: after Fast Open data
  const bool ack_ok = seg.ack == r.isn + 1;
  if (!ack_ok || !seq_ok) {
    events.add(seq_ok ? StreamEvent::ThreeWhsRightSeqWrongAckEvasion : StreamEvent::ThreeWhsWrongSeqWrongAck);
    return false;
  }
  establish(sink);
  return handle_open(dir, seg, sink, events);
}

}  // namespace rampart::stream
