#pragma once
// Reassembly of one direction's payload. Sequence numbers become 64-bit stream
// offsets counted from the first payload byte (ISN + 1), so wrap-around at 2^32
// is handled once, here. Out-of-order bytes are copied into a SegmentList. In-order
// bytes reach the sink (the app layer) and the direction's RawStream (packet rules)
// once the receiver has acknowledged them, as in Suricata's IDS mode: bytes already
// acknowledged go straight from the packet, the others wait in UnackedBytes until
// an ACK, the end of the stream or the flow's end (flush).
#include <cstdint>
#include <span>

#include "stream/raw_stream.hpp"
#include "stream/segment_list.hpp"
#include "stream/sequence.hpp"
#include "stream/stream_events.hpp"
#include "stream/tcp_session.hpp"
#include "stream/unacked_bytes.hpp"

namespace rampart::stream {

enum class SegmentOutcome : uint8_t {
  Accepted,        // some new bytes delivered or buffered
  Retransmission,  // every byte was delivered before
  BeyondDepth,     // starts past the reassembly depth: ignored
};

class StreamReassembler {
 public:
  StreamReassembler(Direction dir, const StreamConfig& config, StreamMemory& memory, StreamStats& stats)
      : dir_(dir), config_(&config), stats_(&stats), buffered_(memory), unacked_(memory), raw_(config.raw_lookback),
        acked_(config.inline_mode ? UINT64_MAX : 0) {}

  // Sets the sequence number of the first payload byte (ISN + 1).
  void start(uint32_t first_seq);
  bool started() const { return started_; }

  SegmentOutcome add(uint32_t seq, std::span<const uint8_t> payload, StreamSink& sink, StreamEvents& events);

  // The sender's FIN occupies `fin_seq`: once every byte before it is delivered
  // the sink hears on_close for this direction.
  void set_fin(uint32_t fin_seq, StreamSink& sink);

  // The receiver acknowledged every byte before `ack`: the sink gets those it has not had.
  void acknowledge(uint32_t ack, StreamSink& sink);

  // Delivers everything buffered or unacknowledged, reporting the holes before it as gaps.
  void flush(StreamSink& sink);
  // The receiver acknowledged bytes past holes (they were lost before the sensor):
  // the holes go to the sink as gaps, the bytes after them as acknowledged.
  void skip_acknowledged_holes(StreamSink& sink);
  // The stream ends where it is (RST from the other side): buffered bytes go to the
  // raw stream; the unacknowledged ones wait for flush, and the sink hears no on_close.
  void end(StreamSink& sink);
  // The sink heard on_close: it had every byte up to the FIN, or the stream was closed.
  bool closed() const { return close_notified_; }
  // A segment reached stream.reassembly.depth.
  bool depth_reached() const { return depth_reached_; }
  // The most regions Suricata's streaming buffer would have held for this direction
  // (its flow record's ts_max_regions / tc_max_regions).
  uint32_t max_regions() const { return max_regions_; }
  // Like end and flush: the sink gets everything now.
  void close(StreamSink& sink);

  uint32_t next_seq() const { return first_seq_ + static_cast<uint32_t>(delivered_); }
  uint64_t delivered() const { return delivered_; }
  RawStream& raw() { return raw_; }

 private:
  uint64_t depth_limit() const;
  // Offset of `seq` relative to the stream start; negative before it.
  int64_t offset_of(uint32_t seq) const;
  // borrowed: the bytes are the segment's own (the packet's), not buffered copies.
  void deliver(std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed);
  // In-order bytes starting at stream offset `offset`, for the sink and the raw stream once acknowledged.
  void to_app(uint64_t offset, std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed);
  void gap_to_app(uint64_t offset, uint64_t length, StreamSink& sink);
  // Acknowledged bytes and gaps, to the raw stream and the sink.
  void pass_on(std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed);
  void pass_on_gap(uint64_t length, StreamSink& sink);
  // Bytes for the raw stream only (the parsers do not get them).
  void to_raw(std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed);
  void release(uint64_t length, StreamSink& sink);
  // Hands the sink the unacknowledged bytes the receiver acknowledged since.
  void release_acked(StreamSink& sink);
  void gap(uint64_t to, StreamSink& sink);
  void drain(StreamSink& sink);
  void flush_buffered(StreamSink& sink);
  // The depth is reached: the bytes not yet acknowledged are dropped and the sink hears on_depth.
  void reach_depth(StreamSink& sink, StreamEvents& events);
  // Bytes buffered at `offset` may have opened a region of their own.
  void count_regions(uint64_t offset);
  void notify_close_if_done(StreamSink& sink);
  // The memory cap or the segment limit refuses to buffer: skip the holes now.
  void force_progress(uint64_t offset, std::span<const uint8_t> payload, StreamSink& sink, StreamEvents& events);

  Direction dir_;
  const StreamConfig* config_;
  StreamStats* stats_;
  SegmentList buffered_;
  UnackedBytes unacked_;
  RawStream raw_;
  uint32_t first_seq_ = 0;
  uint64_t delivered_ = 0;  // in order: to the sink and raw stream, or to unacked_
  uint64_t acked_ = 0;      // the receiver acknowledged the bytes before this offset
  uint64_t fin_offset_ = UINT64_MAX;
  bool started_ = false;
  bool depth_reached_ = false;
  bool raw_closed_ = false;
  bool close_notified_ = false;
  uint32_t max_regions_ = 1;
};

}  // namespace rampart::stream
