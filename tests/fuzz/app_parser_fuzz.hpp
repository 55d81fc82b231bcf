#pragma once
// Shared driver of the application-parser fuzz targets. The input is split into
// chunks at 0xFE 0xFE markers; a chunk's first byte picks its direction (bit 0
// set: to the client) and the rest goes to the parser in one call, so both
// directions see streams cut at arbitrary places. Bit 1 set: the other side's ACK
// handed the chunk over, so the sink defers that side's rules (defers_side), and
// a packet of each side follows (inspect_deferred). Every record is rendered to
// JSON (also in DNS's version 2 layout) and every rule buffer the protocol
// declares is read, so the EVE writers and the buffer accessors run on what the
// parser kept.
#include <algorithm>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "common/json_writer.hpp"
#include "proto/flow_context.hpp"
#include "proto/protocol.hpp"

namespace rampart::fuzz {

class RenderingSink final : public proto::EventSink {
 public:
  explicit RenderingSink(const std::vector<proto::RuleBuffer>& buffers) : buffers_(buffers) {}
  bool deferring = false;  // the bytes being parsed came with the other side's ACK
  void transaction(std::string_view, uint64_t, proto::LogDirection, const proto::EveFields& fields) override {
    text_.clear();
    JsonWriter w(text_);
    w.begin_object();
    fields.write(w);
    w.end_object();
    for (size_t part = 0, parts = fields.record_count(kVersion2); part < parts; ++part) {
      JsonWriter record(text_);
      record.begin_object();
      fields.write_part(record, kVersion2, part);
      record.end_object();
    }
    for (const auto& buffer : buffers_)
      for (size_t i = 0; i < kMaxValues && fields.buffer(buffer.name, i); ++i) {
      }
    if (!fields.two_sided()) return;
    for (auto side : {proto::Direction::ToServer, proto::Direction::ToClient})
      for (const auto& buffer : buffers_)
        for (size_t i = 0; i < kMaxValues && fields.side_buffer(buffer.name, i, side); ++i) {
        }
  }
  bool defers_side(proto::Direction) const override { return deferring; }
  void side_complete(std::string_view event_type, uint64_t tx_id, proto::Direction,
                     const proto::EveFields& fields) override {
    transaction(event_type, tx_id, proto::LogDirection::Flow, fields);
  }
  void file(uint64_t tx_id, const proto::EveFields& fields) override {
    transaction("fileinfo", tx_id, proto::LogDirection::Flow, fields);
  }
  // Frames are wanted, so the parsers' frame code runs: every frame byte is read and
  // the transaction a frame carries is rendered.
  bool wants_frames() const override { return true; }
  void frame(const proto::Frame& frame, const proto::EveFields* tx) override {
    frame_checksum_ = std::accumulate(frame.bytes.begin(), frame.bytes.end(), frame_checksum_ + frame.length());
    for (size_t k = 0; auto part = frame.part(k); ++k) frame_checksum_ += part->size();
    if (tx != nullptr) transaction_anomaly({}, 0, *tx);
  }
  void anomaly(std::string_view) override {}
  // As the worker renders it for alerts.
  void transaction_anomaly(std::string_view, uint64_t, const proto::EveFields& tx) override {
    text_.clear();
    JsonWriter w(text_);
    w.begin_object();
    tx.write(w);
    w.end_object();
  }

 private:
  static constexpr size_t kMaxValues = 1024;  // more than any parser keeps for one buffer
  // The other record layouts a logger can ask for (DNS version 2, TLS's custom
  // certificate fields).
  inline static const proto::RecordOptions kVersion2 = [] {
    proto::RecordOptions options;
    options.dns.version = 2;
    options.tls = {true, true, true, true};
    return options;
  }();
  const std::vector<proto::RuleBuffer>& buffers_;
  std::string text_;
  uint64_t frame_checksum_ = 0;
};

// The next chunk of input: up to a 0xFE 0xFE marker, which is consumed.
inline std::span<const uint8_t> next_chunk(std::span<const uint8_t>& input) {
  size_t cut = 0;
  while (cut + 1 < input.size() && !(input[cut] == 0xFE && input[cut + 1] == 0xFE)) ++cut;
  if (cut + 1 >= input.size()) cut = input.size();
  auto chunk = input.first(cut);
  input = input.subspan(std::min(input.size(), cut + 2));
  return chunk;
}

// Probes, then feeds the chunks of `input` to a parser made by `protocol`,
// attached to `context` when given.
inline void run_parser(const proto::Protocol& protocol, bool over_tcp, std::span<const uint8_t> input,
                       const proto::FlowContext* context = nullptr) {
  protocol.probe(proto::Direction::ToServer, input);
  auto parser = protocol.make_parser(over_tcp);
  if (context != nullptr) parser->attach(*context);
  RenderingSink sink(protocol.buffers);
  while (!input.empty()) {
    auto chunk = next_chunk(input);
    if (chunk.size() < 2) continue;
    auto dir = (chunk[0] & 1) != 0 ? proto::Direction::ToClient : proto::Direction::ToServer;
    sink.deferring = (chunk[0] & 2) != 0;
    if (!parser->parse(dir, chunk.subspan(1), sink)) break;
    sink.deferring = false;
    for (auto side : {proto::Direction::ToServer, proto::Direction::ToClient}) parser->inspect_deferred(side, sink);
  }
  parser->finish(sink);
}

}  // namespace rampart::fuzz
