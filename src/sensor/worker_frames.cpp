// The worker's side of application-layer frames (proto/frame.hpp): parsers build
// them only while a rule uses `frame` or EVE frame records are on; each complete
// frame is logged and its rules run at once, as a one-way transaction of the
// frame's direction whose one buffer is the frame.
#include <optional>

#include "output/eve_frame.hpp"
#include "sensor/worker.hpp"

namespace rampart::sensor {

bool Worker::frames_wanted() {
  return frame_records_ || (detecting() && detector_.rules()->stats().frame_rules > 0);
}

bool Worker::stream_frames_wanted() {
  return frame_records_ || (detecting() && detector_.rules()->stats().stream_frame_rules > 0);
}

void Worker::on_frame(flow::Flow& f, const decode::Packet* pkt, const proto::Frame& frame, const proto::EveFields* tx) {
  // A stream frame ends with the flow, on a packet of either side: it is seen from its own.
  std::optional<decode::Packet> own_side;
  if (pkt != nullptr && f.direction_of(*pkt) != frame.dir) pkt = &own_side.emplace(seen_from_other_side(*pkt));
  if (frame_records_ && pkt != nullptr)
    write_record([](const EveConfig& eve) { return eve.frame; },
                 [&](output::EveRecordWriter& records, std::string& out) { records.frame_record(out, f, *pkt, frame); });
  if (!detecting() || detector_.rules()->stats().frame_rules == 0) return;
  const output::FrameFields fields(frame, tx);
  const detect::FlowFacts flow_facts = facts(f, frame.dir);
  const detect::TransactionInput in{pkt, flow_facts, frame.tx_id.value_or(0), fields, {}, true};
  detector_.inspect_transaction(in, alerts_);
  write_alerts(pkt, &f, &fields, f.app ? f.app->app_proto() : std::string_view{});
}

}  // namespace rampart::sensor
