#include "proto/stream_frame.hpp"

#include <algorithm>

#include "proto/frame_window.hpp"

namespace rampart::proto {

void StreamFrames::feed(Direction dir, std::span<const uint8_t> bytes) {
  Side& side = sides_[static_cast<size_t>(dir)];
  const size_t room = FrameWindow::kMaxKept - std::min(FrameWindow::kMaxKept, side.kept.size());
  const auto taken = bytes.first(std::min(room, bytes.size()));
  side.kept.insert(side.kept.end(), taken.begin(), taken.end());
  side.length += bytes.size();
}

void StreamFrames::gap(Direction dir, uint64_t length) {
  Side& side = sides_[static_cast<size_t>(dir)];
  // Past the kept bytes a gap changes nothing of what is shown or inspected.
  if (side.kept.size() == side.length) side.gaps.push_back({side.kept.size(), length});
  side.length += length;
}

void StreamFrames::finish(EventSink& sink) {
  for (Direction dir : {Direction::ToServer, Direction::ToClient}) {
    Side& side = sides_[static_cast<size_t>(dir)];
    if (side.length == 0) continue;
    if (sink.wants_frames())
      sink.frame(Frame{name_, dir, 1, 0, side.kept, std::nullopt, side.length, side.gaps}, nullptr);
    side = Side{};
  }
}

}  // namespace rampart::proto
