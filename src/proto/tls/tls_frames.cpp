#include "proto/tls/tls_frames.hpp"

namespace rampart::proto::tls {

void report_record_frames(Direction dir, const Record& record, FrameIds& ids, EventSink& sink) {
  if (!sink.wants_frames()) return;
  const size_t header = record.whole.size() - record.body.size();
  auto report = [&](std::string_view name, size_t from, std::span<const uint8_t> bytes) {
    sink.frame(Frame{name, dir, ids.next(dir), record.offset + from, bytes, 0}, nullptr);
  };
  if (record.type == ContentType::Sslv2) {
    report("tls.ssl2.pdu", 0, record.whole);
    report("tls.ssl2.hdr", 0, record.whole.first(header));
    return;
  }
  report("tls.pdu", 0, record.whole);
  report("tls.hdr", 0, record.whole.first(header));
  report("tls.data", header, record.body);
  if (record.type == ContentType::Alert) report("tls.alert", header, record.body);
  if (record.type == ContentType::Heartbeat) report("tls.heartbeat", header, record.body);
}

}  // namespace rampart::proto::tls
