#pragma once
// Reassembly of one direction's payload. Sequence numbers become 64-bit stream
// offsets counted from the first payload byte (ISN + 1), so wrap-around at 2^32
// is handled once, here. In-order bytes go straight from the packet to the sink;
// only out-of-order bytes are copied into a SegmentList. Every delivered byte also
// reaches the direction's RawStream, for packet rules.
#include <cstdint>
#include <span>

#include "stream/raw_stream.hpp"
#include "stream/segment_list.hpp"
#include "stream/sequence.hpp"
#include "stream/stream_events.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::stream {

enum class SegmentOutcome : uint8_t {
  Accepted,        // some new bytes delivered or buffered
  Retransmission,  // every byte was delivered before
  BeyondDepth,     // starts past the reassembly depth: ignored
};

class StreamReassembler {
 public:
  StreamReassembler(Direction dir, const StreamConfig& config, StreamMemory& memory, StreamStats& stats)
      : dir_(dir), config_(&config), stats_(&stats), buffered_(memory), raw_(config.raw_lookback) {}

  // Sets the sequence number of the first payload byte (ISN + 1).
  void start(uint32_t first_seq);
  bool started() const { return started_; }

  SegmentOutcome add(uint32_t seq, std::span<const uint8_t> payload, StreamSink& sink, StreamEvents& events);

  // The sender's FIN occupies `fin_seq`: once every byte before it is delivered
  // the sink hears on_close for this direction.
  void set_fin(uint32_t fin_seq, StreamSink& sink);

  // Delivers everything buffered, reporting the holes before it as gaps.
  void flush(StreamSink& sink);
  // Like flush, and then tells the sink that this direction ended (RST, flow end).
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
  void gap(uint64_t to, StreamSink& sink);
  void drain(StreamSink& sink);
  void note_depth_reached(StreamEvents& events);
  void notify_close_if_done(StreamSink& sink);
  // The memory cap or the segment limit refuses to buffer: skip the holes now.
  void force_progress(uint64_t offset, std::span<const uint8_t> payload, StreamSink& sink, StreamEvents& events);

  Direction dir_;
  const StreamConfig* config_;
  StreamStats* stats_;
  SegmentList buffered_;
  RawStream raw_;
  uint32_t first_seq_ = 0;
  uint64_t delivered_ = 0;
  uint64_t fin_offset_ = UINT64_MAX;
  bool started_ = false;
  bool depth_reached_ = false;
  bool close_notified_ = false;
};

}  // namespace rampart::stream
