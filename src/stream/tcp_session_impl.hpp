#pragma once
// TcpSession's private state, shared by the handshake and the established/teardown
// halves of the state machine (tcp_handshake.cpp, tcp_established.cpp).
#include <array>
#include <cstdint>

#include "stream/sequence.hpp"
#include "stream/stream_reassembler.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::stream {

inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kAck = 0x10;
// Window scale assumed for a side whose SYN was not seen (RFC 7323's maximum),
// so that its windows are never judged too small.
inline constexpr uint8_t kUnknownWindowScale = 14;

// What the session knows about one sender.
struct TcpEndpoint {
  TcpEndpoint(Direction dir, const StreamConfig& config, StreamMemory& memory, StreamStats& stats)
      : reassembler(dir, config, memory, stats) {}

  uint32_t isn = 0;
  uint32_t next_seq = 0;   // highest sequence number sent so far, plus its length
  uint32_t last_ack = 0;   // highest ACK this side sent (for the peer's stream)
  uint32_t window = 0;     // advertised receive window, scaled
  uint32_t last_ts = 0;    // latest TSval, for PAWS
  uint8_t wscale = 0;
  uint8_t flags_seen = 0;
  bool offered_wscale = false;
  bool offered_sack = false;
  bool offered_ts = false;
  bool acked = false;      // has sent an ACK, so last_ack and window are known
  bool fin_sent = false;
  uint32_t fin_seq = 0;
  StreamReassembler reassembler;
};

struct TcpSession::Impl {
  Impl(const StreamConfig& cfg, StreamMemory& memory, StreamStats& statistics)
      : config(cfg), stats(&statistics),
        endpoints{TcpEndpoint(Direction::ToServer, config, memory, statistics),
                  TcpEndpoint(Direction::ToClient, config, memory, statistics)} {}

  StreamConfig config;
  StreamStats* stats;
  std::array<TcpEndpoint, 2> endpoints;
  TcpState state = TcpState::None;
  Direction syn_sender = Direction::ToServer;  // who sent the first SYN
  bool midstream = false;
  bool reversed = false;           // callers name the directions the other way round (TcpSession::reverse)
  bool simultaneous_open = false;  // a SYN answered by a SYN (Suricata's 4-way handshake)
  bool timestamps = false;         // negotiated by both SYNs
  bool sack_permitted = false;
  bool midstream_policy_applied = false;  // see TcpSession::midstream_policy_applied
  uint32_t earlier_syn_ts = 0;            // TSval of the client's first SYN, when a retransmission changed it

  TcpEndpoint& sender(Direction dir) { return endpoints[static_cast<size_t>(dir)]; }
  const TcpEndpoint& sender(Direction dir) const { return endpoints[static_cast<size_t>(dir)]; }
  TcpEndpoint& receiver(Direction dir) { return endpoints[1 - static_cast<size_t>(dir)]; }

  bool handle_none(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);
  bool handle_syn_sent(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);
  bool handle_syn_recv(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);
  bool handle_open(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);

  void learn_syn(TcpEndpoint& side, const TcpSegment& seg);
  void accept_syn_data(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);
  void negotiate_options();
  void pick_up_midstream(Direction dir, const TcpSegment& seg);
  void establish(StreamSink& sink);
  void update_ack(TcpEndpoint& side, const TcpSegment& seg);
  bool accept_payload(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);
  // dir sent the RST.
  void close_with_reset(Direction dir, StreamSink& sink);
  // A one-sided session (stream.async-oneside, nothing seen from the receiver):
  // no ACK will come, so dir's bytes so far (next_seq, this segment's included)
  // count as acknowledged and go on from the packet.
  void deliver_one_sided(Direction dir, StreamSink& sink);
  void advance_teardown(bool from_client, const TcpSegment& seg);
};

}  // namespace rampart::stream
