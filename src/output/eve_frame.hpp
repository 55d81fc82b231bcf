#pragma once
// Frames in EVE as Suricata 8 writes them: the "frame" object (type, id, direction,
// stream_offset for TCP, length, complete, payload and payload_printable: a record's
// first 256 bytes, an alert's first 4 KiB, "[N bytes missing]" where a gap lost
// bytes; tx_id), which `frame` records and the alerts of frame rules carry, and
// FrameFields, a frame as the rules and alert records see it: its one
// buffer (named as the frame) and, in an alert, its transaction's record and the frame.
#include <string>

#include "common/json_writer.hpp"
#include "proto/app_parser.hpp"

namespace rampart::output {

enum class FrameLog : uint8_t { Record, Alert };

// scratch: reused text storage for the payload's encodings.
void write_frame_object(JsonWriter& w, const proto::Frame& frame, std::string& scratch, FrameLog log);

class FrameFields final : public proto::EveFields {
 public:
  // tx: the transaction the frame belongs to (nullptr: none). Both are borrowed.
  FrameFields(const proto::Frame& frame, const proto::EveFields* tx) : frame_(frame), tx_(tx) {}
  void write(JsonWriter& w) const override { write_with(w, {}); }
  void write_with(JsonWriter& w, const proto::RecordOptions& options) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    if (name != frame_.name) return std::nullopt;
    return frame_.part(index);
  }
  bool one_way() const override { return true; }

 private:
  const proto::Frame& frame_;
  const proto::EveFields* tx_;
  mutable std::string scratch_;
};

}  // namespace rampart::output
