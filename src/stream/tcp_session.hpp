#pragma once
// TCP session tracking and reassembly for one flow: the connection state machine
// (3-way handshake, FIN/RST teardown, midstream pick-up when allowed) and, per
// direction, in-order delivery of payload bytes to a StreamSink with out-of-order
// buffering, retransmission and overlap handling by a target-OS policy, a
// reassembly depth and a shared memory cap. Anomalies raise StreamEvents.
// As in Suricata's IDS mode the sink gets a direction's bytes once the other side
// acknowledged them (so on the other side's packet), the rest when the stream is
// reset or the flow ends; a one-sided session (stream.async-oneside, no packet
// from the other side) gets them on arrival. Packet rules' RawStream gets every
// in-order byte on arrival.
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "stream/stream_events.hpp"

namespace rampart::stream {
class RawStream;
}

namespace rampart::stream {

enum class Direction : uint8_t { ToServer = 0, ToClient = 1 };

inline Direction opposite(Direction dir) { return dir == Direction::ToServer ? Direction::ToClient : Direction::ToServer; }

// Suricata's stream.reassembly overlap policies (stream.policy / host-os-policy).
enum class OverlapPolicy : uint8_t { Bsd, First, Last, Linux, OldLinux, Windows, Vista, Solaris, HpUx10, HpUx11, Irix, MacOs };

// Suricata's TCP states, named as EVE's flow record names them ("syn_sent", ...).
enum class TcpState : uint8_t {
  None, SynSent, SynRecv, Established, FinWait1, FinWait2, TimeWait, LastAck, CloseWait, Closing, Closed
};
std::string_view tcp_state_name(TcpState s);

struct StreamConfig {
  bool midstream = false;             // stream.midstream
  bool async_oneside = false;         // stream.async-oneside
  bool inline_mode = false;           // stream.inline (IPS): the sink gets bytes on arrival, not on their ACK
  uint32_t reassembly_depth = 1 << 20;  // stream.reassembly.depth; 0 = unlimited
  bool bypass = false;                  // stream.bypass: a session past the depth on either side is bypassed
  OverlapPolicy policy = OverlapPolicy::Bsd;
  uint32_t max_ooo_segments = 4096;   // per direction; beyond it the holes are skipped as gaps (reassembly_seq_gap)
  uint32_t raw_lookback = 0;          // inspected bytes kept per direction for packet rules (RawStream); 0: none
};

// Bytes buffered out of order by all sessions of one worker, against a cap
// (stream.reassembly.memcap). Not thread-safe: one per worker.
class StreamMemory {
 public:
  explicit StreamMemory(size_t cap) : cap_(cap) {}
  bool reserve(size_t n) {
    if (used_ + n > cap_) return false;
    used_ += n;
    if (used_ > peak_) peak_ = used_;
    return true;
  }
  void release(size_t n) { used_ -= n; }
  size_t used() const { return used_; }
  size_t peak() const { return peak_; }
  size_t cap() const { return cap_; }

 private:
  size_t cap_, used_ = 0, peak_ = 0;
};

// Receives each direction's reassembled bytes in order; a gap (bytes never seen,
// e.g. lost, beyond memcap, or skipped) is reported as its length.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  virtual void on_data(Direction dir, std::span<const uint8_t> bytes) = 0;
  virtual void on_gap(Direction dir, uint32_t length) = 0;
  virtual void on_close(Direction dir) = 0;  // FIN/RST: no more data in dir
  // dir reached the reassembly depth: no more of its data comes (Suricata's STREAM_DEPTH).
  virtual void on_depth(Direction) {}
  // The FIN teardown reached Suricata's closed state (its app-layer EOF of both
  // streams): called after the closing packet's ACK handed over what it acknowledged.
  virtual void on_session_closed() {}
  // dir's RawStream is about to drop fresh bytes (it is full, or a gap comes):
  // the last chance to inspect them.
  virtual void before_raw_drop(Direction) {}
};

// The TCP header fields the session needs, taken from a decoded packet.
struct TcpSegment {
  uint64_t ts_usec = 0;
  uint32_t seq = 0, ack = 0;
  uint16_t window = 0;
  uint8_t flags = 0;
  bool has_wscale = false;
  uint8_t wscale = 0;
  bool sack_permitted = false;
  bool has_timestamp = false;
  uint32_t ts_value = 0, ts_echo = 0;
  bool tfo = false;  // TCP Fast Open option: a SYN's payload is stream data
  std::span<const uint8_t> payload;
};

struct StreamStats {
  uint64_t sessions = 0, midstream_pickups = 0, ooo_segments = 0, retransmissions = 0, overlaps = 0,
           overlap_diff_data = 0, gaps = 0, depth_reached = 0, memcap_drops = 0, invalid = 0;
  // Unacknowledged bytes handed to the sink at once because the memory cap refused to keep them.
  uint64_t unacked_memcap_deliveries = 0;
  uint64_t reassembled_bytes = 0;
};

class TcpSession {
 public:
  TcpSession(const StreamConfig& config, StreamMemory& memory, StreamStats& stats);
  ~TcpSession();
  TcpSession(TcpSession&&) noexcept;
  TcpSession& operator=(TcpSession&&) noexcept;

  // Processes one segment travelling in `dir` (ToServer = from the flow's initiator).
  // Delivers newly in-order bytes to sink; events raised go into `events`.
  // Returns false when the segment is invalid for the session (it is then not
  // counted toward reassembly), e.g. data before the handshake without midstream.
  bool handle(Direction dir, const TcpSegment& seg, StreamSink& sink, StreamEvents& events);

  // Delivers whatever can still be delivered (buffered data after gaps, bytes not
  // acknowledged) at flow end.
  void flush(StreamSink& sink);

  // The flow turned out to run the other way round (a midstream pick-up whose
  // first data was the server's): from now on the directions handle() is given
  // and the sink hears name the other side. What was learnt so far is kept.
  void reverse();

  TcpState state() const;
  // TCP flags seen in each direction (for EVE flow records' "tcp" object).
  uint8_t flags_seen(Direction dir) const;
  bool picked_up_midstream() const;
  // A segment other than a SYN or a RST came with no session (a FIN, a SYN/ACK, an
  // ACK): Suricata applied its midstream exception policy to the flow, whether
  // stream.midstream let it pick the session up or not.
  bool midstream_policy_applied() const;
  // Next sequence number minus the initial one of the side sending in dir: its
  // bytes so far in sequence space (Suricata's stream_size).
  uint32_t sequence_size(Direction dir) const;
  // The sink heard on_close for dir: it had every byte dir sent up to its FIN
  // (acknowledged), or dir was reset.
  bool stream_closed(Direction dir) const;
  // The side sending in dir reached stream.reassembly.depth.
  bool depth_reached(Direction dir) const;
  // As Suricata's TcpSessionSetReassemblyDepth for a flow whose file may be stored
  // (file-store's stream-depth): the session's depth becomes `depth` when that is
  // larger or 0 (unlimited), and also when the session's was unlimited. A side
  // that reached its depth stays there.
  void raise_reassembly_depth(uint32_t depth);
  // The most streaming-buffer regions Suricata would have used for dir's bytes (1
  // unless bytes came far out of order).
  uint32_t max_regions(Direction dir) const;
  // The raw stream the side sending in dir delivered, for packet rules (see RawStream).
  RawStream& raw(Direction dir);

 private:
  struct Impl;
  // The session's own name for a direction a caller names (they differ once reversed).
  Direction inner(Direction dir) const;

  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::stream
