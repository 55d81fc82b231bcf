#include "stream/stream_reassembler.hpp"

#include <algorithm>

namespace rampart::stream {

void StreamReassembler::start(uint32_t first_seq) {
  first_seq_ = first_seq;
  started_ = true;
}

uint64_t StreamReassembler::depth_limit() const {
  return config_->reassembly_depth == 0 ? UINT64_MAX : config_->reassembly_depth;
}

int64_t StreamReassembler::offset_of(uint32_t seq) const {
  return static_cast<int64_t>(delivered_) + seq_diff(seq, next_seq());
}

void StreamReassembler::deliver(std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed) {
  if (bytes.empty()) return;
  to_app(delivered_, bytes, sink, borrowed);
  delivered_ += bytes.size();
  stats_->reassembled_bytes += bytes.size();
}

void StreamReassembler::pass_on(std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed) {
  to_raw(bytes, sink, borrowed);
  sink.on_data(dir_, bytes);
}

void StreamReassembler::to_raw(std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed) {
  if (raw_.full()) sink.before_raw_drop(dir_);
  raw_.add(bytes, borrowed);
}

void StreamReassembler::pass_on_gap(uint64_t length, StreamSink& sink) {
  raw_.gap(length);
  sink.on_gap(dir_, static_cast<uint32_t>(std::min<uint64_t>(length, UINT32_MAX)));
}

void StreamReassembler::to_app(uint64_t offset, std::span<const uint8_t> bytes, StreamSink& sink, bool borrowed) {
  if (unacked_.empty() && acked_ > offset) {
    const auto now = static_cast<size_t>(std::min<uint64_t>(bytes.size(), acked_ - offset));
    pass_on(bytes.first(now), sink, borrowed);
    bytes = bytes.subspan(now);
  }
  if (unacked_.add(bytes)) return;
  // Over the memory cap the bytes go on unacknowledged, rather than not at all.
  ++stats_->unacked_memcap_deliveries;
  release(unacked_.held(), sink);
  pass_on(bytes, sink, borrowed);
}

void StreamReassembler::gap_to_app(uint64_t offset, uint64_t length, StreamSink& sink) {
  if (unacked_.empty() && acked_ > offset) {
    const uint64_t now = std::min(length, acked_ - offset);
    pass_on_gap(now, sink);
    length -= now;
  }
  unacked_.add_gap(length);
}

void StreamReassembler::release(uint64_t length, StreamSink& sink) {
  unacked_.release(
      length, [&](std::span<const uint8_t> bytes) { pass_on(bytes, sink, false); },
      [&](uint64_t gap_length) { pass_on_gap(gap_length, sink); });
}

void StreamReassembler::release_acked(StreamSink& sink) {
  const uint64_t app_progress = delivered_ - unacked_.held();
  if (acked_ > app_progress) release(acked_ - app_progress, sink);
  notify_close_if_done(sink);
}

void StreamReassembler::acknowledge(uint32_t ack, StreamSink& sink) {
  if (!started_) return;
  const int64_t rel = offset_of(ack);
  if (rel <= 0 || static_cast<uint64_t>(rel) <= acked_) return;
  acked_ = static_cast<uint64_t>(rel);
  release_acked(sink);
}

void StreamReassembler::gap(uint64_t to, StreamSink& sink) {
  if (to <= delivered_) return;
  gap_to_app(delivered_, to - delivered_, sink);
  delivered_ = to;
  ++stats_->gaps;
}

void StreamReassembler::drain(StreamSink& sink) {
  const uint64_t before = delivered_;
  uint64_t offset = delivered_;
  delivered_ = buffered_.drain(delivered_, [&](std::span<const uint8_t> bytes) {
    to_app(offset, bytes, sink, false);
    offset += bytes.size();
  });
  stats_->reassembled_bytes += delivered_ - before;
  notify_close_if_done(sink);
}

// Suricata's default stream.reassembly region gap: data this far past a region's
// end goes into a region of its own.
constexpr uint64_t kRegionGap = 256 * 1024;

void StreamReassembler::count_regions(uint64_t offset) {
  // Bytes near those before them are in their region: only bytes far from them all are counted again.
  if (!buffered_.far_from_earlier(offset, delivered_, kRegionGap)) return;
  max_regions_ = std::max(max_regions_, buffered_.regions(delivered_, kRegionGap));
}

void StreamReassembler::reach_depth(StreamSink& sink, StreamEvents& events) {
  if (depth_reached_) return;
  depth_reached_ = true;
  ++stats_->depth_reached;
  events.add(StreamEvent::ReassemblyDepthReached);
  // As Suricata's app layer, which gets the acknowledged bytes once more with the
  // depth flag and then no more: the bytes still waiting for their ACK never reach
  // the parsers, which hear that the stream was cut here. Packet rules, which
  // Suricata lets inspect the stream up to the depth at once, still get them.
  unacked_.release(
      unacked_.held(), [&](std::span<const uint8_t> bytes) { to_raw(bytes, sink, false); },
      [&](uint64_t length) { raw_.gap(length); });
  buffered_.clear();  // out of order, behind a hole that will not be filled now
  sink.on_depth(dir_);
  notify_close_if_done(sink);
}

void StreamReassembler::notify_close_if_done(StreamSink& sink) {
  if (fin_offset_ == UINT64_MAX || !unacked_.empty() || (!depth_reached_ && delivered_ < fin_offset_)) return;
  if (!raw_closed_) {
    raw_closed_ = true;
    raw_.close();
  }
  // The sink hears the end once the receiver acknowledged the FIN too, as it
  // hears the bytes before it.
  if (!close_notified_ && acked_ > fin_offset_) {
    close_notified_ = true;
    sink.on_close(dir_);
  }
}

SegmentOutcome StreamReassembler::add(uint32_t seq, std::span<const uint8_t> payload, StreamSink& sink,
                                      StreamEvents& events) {
  const int64_t rel = offset_of(seq);
  const int64_t rel_end = rel + static_cast<int64_t>(payload.size());
  if (rel < 0) events.add(StreamEvent::ReassemblySegmentBeforeBaseSeq);
  if (rel < 0 || static_cast<uint64_t>(rel) < depth_limit()) raw_.note_packet_added();
  if (rel_end <= static_cast<int64_t>(delivered_)) {
    ++stats_->retransmissions;
    return SegmentOutcome::Retransmission;
  }
  uint64_t offset = static_cast<uint64_t>(rel);
  if (rel < static_cast<int64_t>(delivered_)) {
    // Partly a retransmission: delivered bytes cannot change, keep the new tail.
    payload = payload.subspan(delivered_ - static_cast<uint64_t>(rel));
    offset = delivered_;
    ++stats_->overlaps;
  }
  const uint64_t limit = depth_limit();
  // Past the depth nothing more is reassembled (Suricata's NOREASSEMBLY), not even
  // what a raised depth would now allow.
  if (depth_reached_ || offset >= limit) {
    reach_depth(sink, events);
    return SegmentOutcome::BeyondDepth;
  }
  if (offset + payload.size() > limit) {
    if (offset == delivered_ && buffered_.empty()) deliver(payload.first(limit - offset), sink, true);
    reach_depth(sink, events);
    return SegmentOutcome::Accepted;
  }

  if (offset == delivered_ && buffered_.empty()) {
    deliver(payload, sink, true);
    notify_close_if_done(sink);
    return SegmentOutcome::Accepted;
  }
  if (buffered_.size() >= config_->max_ooo_segments) {
    force_progress(offset, payload, sink, events);
    return SegmentOutcome::Accepted;
  }
  const InsertOutcome inserted = buffered_.insert(offset, payload, config_->policy);
  if (!inserted.stored) {
    ++stats_->memcap_drops;
    force_progress(offset, payload, sink, events);
    return SegmentOutcome::Accepted;
  }
  if (offset > delivered_) {
    ++stats_->ooo_segments;
    count_regions(offset);
  }
  if (inserted.overlapped) ++stats_->overlaps;
  if (inserted.different_data) {
    ++stats_->overlap_diff_data;
    events.add(StreamEvent::ReassemblyOverlapDifferentData);
  }
  drain(sink);
  return SegmentOutcome::Accepted;
}

void StreamReassembler::force_progress(uint64_t offset, std::span<const uint8_t> payload, StreamSink& sink,
                                       StreamEvents& events) {
  events.add(StreamEvent::ReassemblySeqGap);
  flush_buffered(sink);
  if (offset < delivered_) {
    const uint64_t already = delivered_ - offset;
    if (already >= payload.size()) return;
    payload = payload.subspan(already);
    offset = delivered_;
  }
  gap(offset, sink);
  deliver(payload, sink, true);
  notify_close_if_done(sink);
}

void StreamReassembler::set_fin(uint32_t fin_seq, StreamSink& sink) {
  if (fin_offset_ != UINT64_MAX) return;
  const int64_t rel = offset_of(fin_seq);
  fin_offset_ = rel < static_cast<int64_t>(delivered_) ? delivered_ : static_cast<uint64_t>(rel);
  notify_close_if_done(sink);
}

void StreamReassembler::flush_buffered(StreamSink& sink) {
  while (!buffered_.empty()) {
    gap(buffered_.first_offset(), sink);
    drain(sink);
  }
}

void StreamReassembler::skip_acknowledged_holes(StreamSink& sink) {
  while (!buffered_.empty() && buffered_.first_offset() < acked_) {
    gap(buffered_.first_offset(), sink);
    drain(sink);
  }
}

void StreamReassembler::flush(StreamSink& sink) {
  flush_buffered(sink);
  acked_ = UINT64_MAX;
  release_acked(sink);
}

void StreamReassembler::end(StreamSink& sink) {
  flush_buffered(sink);
  if (raw_closed_) return;
  raw_closed_ = true;
  raw_.close();
}

void StreamReassembler::close(StreamSink& sink) {
  end(sink);
  flush(sink);
  if (close_notified_) return;
  close_notified_ = true;
  sink.on_close(dir_);
}

}  // namespace rampart::stream
