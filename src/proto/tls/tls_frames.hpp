#pragma once
// Suricata's TLS frames, one set per record of a direction: tls.pdu (the record),
// tls.hdr (its 5-byte header), tls.data (its body), and for an alert or heartbeat
// record its body again as tls.alert or tls.heartbeat; an SSLv2-framed record is
// tls.ssl2.pdu with its 2-byte header tls.ssl2.hdr. They belong to the session's
// one transaction (tx_id 0).
#include "proto/app_parser.hpp"
#include "proto/tls/tls_stream.hpp"

namespace rampart::proto::tls {

// Reports the frames of `record`, which went `dir`, when the sink wants them.
void report_record_frames(Direction dir, const Record& record, FrameIds& ids, EventSink& sink);

}  // namespace rampart::proto::tls
