#pragma once
// A sink that records the frames parsers report, and a parser fed one direction's
// stream (whole, or cut in two), for the frame tests.
#include <gtest/gtest.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "proto/app_parser.hpp"
#include "proto/protocol.hpp"

namespace rampart::proto::frame_test {

using Bytes = std::vector<uint8_t>;

struct SeenFrame {
  std::string name;
  Direction dir;
  uint64_t id;
  std::optional<uint64_t> offset;
  Bytes bytes;
  uint64_t length;
  std::optional<uint64_t> tx_id;
  std::vector<std::pair<uint64_t, uint64_t>> gaps;  // at, length
  bool operator==(const SeenFrame&) const = default;
};

class FrameSink final : public EventSink {
 public:
  bool wanted = true;
  bool stream_wanted = false;
  std::vector<SeenFrame> frames;

  bool wants_frames() const override { return wanted; }
  bool wants_stream_frames() const override { return stream_wanted; }
  void frame(const Frame& f, const EveFields*) override {
    std::vector<std::pair<uint64_t, uint64_t>> gaps;
    for (const FrameGap& g : f.gaps) gaps.emplace_back(g.at, g.length);
    frames.push_back({std::string(f.name), f.dir, f.id, f.stream_offset, Bytes(f.bytes.begin(), f.bytes.end()),
                      f.length(), f.tx_id, gaps});
  }
  void transaction(std::string_view, uint64_t, LogDirection, const EveFields&) override {}
  void anomaly(std::string_view) override {}

  std::vector<SeenFrame> named(std::string_view name) const { return frames_named(frames, name); }

  static std::vector<SeenFrame> frames_named(const std::vector<SeenFrame>& frames, std::string_view name) {
    std::vector<SeenFrame> out;
    for (const auto& f : frames)
      if (f.name == name) out.push_back(f);
    return out;
  }
};

inline std::span<const uint8_t> span_of(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
inline Bytes bytes_of(std::string_view s) { return {s.begin(), s.end()}; }

// One direction's stream given to a new parser in two parts, cut at `cut` (0: whole).
inline std::vector<SeenFrame> frames_of(const Protocol& protocol, bool over_tcp, Direction dir,
                                        std::span<const uint8_t> stream, size_t cut = 0, bool wanted = true) {
  FrameSink sink;
  sink.wanted = wanted;
  auto parser = protocol.make_parser(over_tcp);
  if (cut == 0 || cut >= stream.size()) {
    parser->parse(dir, stream, sink);
  } else {
    parser->parse(dir, stream.first(cut), sink);
    parser->parse(dir, stream.subspan(cut), sink);
  }
  return sink.frames;
}

}  // namespace rampart::proto::frame_test
