#include "output/eve_frame.hpp"

#include <algorithm>

#include "common/byte_text.hpp"
#include "output/eve_records.hpp"

namespace rampart::output {

namespace {
// Suricata logs at most this many bytes of a frame in a frame record; an alert
// logs its frame as far as its payload buffer goes (payload-buffer-size, 4 KiB).
constexpr size_t kFrameRecordPayloadMax = 256;
constexpr size_t kAlertFramePayloadMax = 4096;

// The frame's first max_bytes bytes with Suricata 8's "[N bytes missing]" where a
// gap lost bytes, as the bytes EVE encodes.
std::string marked_payload(const proto::Frame& frame, size_t max_bytes) {
  std::string out;
  append_gap_marked(out, frame.bytes, std::span<const proto::FrameGap>(frame.gaps),
                    std::min(frame.bytes.size(), max_bytes));
  return out;
}
}  // namespace

void write_frame_object(JsonWriter& w, const proto::Frame& frame, std::string& scratch, FrameLog log) {
  w.begin_object("frame");
  w.field("type", frame.type());
  w.field("id", frame.id);
  w.plain_field("direction", frame.dir == proto::Direction::ToServer ? "toserver" : "toclient");
  if (frame.stream_offset) w.field("stream_offset", *frame.stream_offset);
  w.field("length", frame.length());
  w.field("complete", frame.bytes.size() >= frame.length());
  const std::string marked =
      marked_payload(frame, log == FrameLog::Record ? kFrameRecordPayloadMax : kAlertFramePayloadMax);
  const std::span<const uint8_t> logged(reinterpret_cast<const uint8_t*>(marked.data()), marked.size());
  scratch.clear();
  append_base64(scratch, logged);
  w.field("payload", scratch);
  scratch.clear();
  append_printable(scratch, logged);
  w.field("payload_printable", scratch);
  if (frame.tx_id) w.field("tx_id", *frame.tx_id);
  w.end_object();
}

void FrameFields::write_with(JsonWriter& w, const proto::RecordOptions& options) const {
  if (tx_ != nullptr) tx_->write_with(w, options);
  write_frame_object(w, frame_, scratch_, FrameLog::Alert);
}

void EveRecordWriter::frame_record(std::string& out, const flow::Flow& f, const decode::Packet& pkt,
                                   const proto::Frame& frame) {
  JsonWriter w(out);
  w.begin_object();
  packet_header(w, pkt, &f, "frame");
  if (f.app) w.plain_field("app_proto", f.app->app_proto());
  write_frame_object(w, frame, scratch_, FrameLog::Record);
  w.end_object();
}

}  // namespace rampart::output
