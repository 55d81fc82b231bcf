#include "output/eve_frame.hpp"

#include <algorithm>

#include "common/byte_text.hpp"
#include "output/eve_records.hpp"

namespace rampart::output {

namespace {
// Suricata logs at most this many bytes of a frame.
constexpr size_t kFramePayloadMax = 256;
}  // namespace

void write_frame_object(JsonWriter& w, const proto::Frame& frame, std::string& scratch) {
  w.begin_object("frame");
  w.field("type", frame.type());
  w.field("id", frame.id);
  w.plain_field("direction", frame.dir == proto::Direction::ToServer ? "toserver" : "toclient");
  if (frame.stream_offset) w.field("stream_offset", *frame.stream_offset);
  w.field("length", frame.length());
  w.field("complete", frame.bytes.size() >= frame.length());
  const auto logged = frame.bytes.first(std::min(frame.bytes.size(), kFramePayloadMax));
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
  write_frame_object(w, frame_, scratch_);
}

void EveRecordWriter::frame_record(std::string& out, const flow::Flow& f, const decode::Packet& pkt,
                                   const proto::Frame& frame) {
  JsonWriter w(out);
  w.begin_object();
  packet_header(w, pkt, &f, "frame");
  if (f.app) w.plain_field("app_proto", f.app->app_proto());
  write_frame_object(w, frame, scratch_);
  w.end_object();
}

}  // namespace rampart::output
