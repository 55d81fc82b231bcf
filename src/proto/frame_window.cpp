#include "proto/frame_window.hpp"

#include <algorithm>

namespace rampart::proto {

void FrameWindow::feed(std::span<const uint8_t> bytes, bool keep) {
  drop_before(finished_end_);
  if (!keep) {
    kept_.clear();
    open_ = false;
  } else {
    if (kept_.empty()) start_ = position_;
    const size_t room = kMaxKept - std::min(kMaxKept, kept_.size());
    const auto taken = bytes.first(std::min(room, bytes.size()));
    kept_.insert(kept_.end(), taken.begin(), taken.end());
  }
  position_ += bytes.size();
}

void FrameWindow::skip(uint64_t length) {
  position_ += length;
  kept_.clear();
  open_ = false;
}

void FrameWindow::drop_before(uint64_t offset) {
  if (offset <= start_) return;
  const uint64_t drop = std::min<uint64_t>(offset - start_, kept_.size());
  kept_.erase(kept_.begin(), kept_.begin() + static_cast<std::ptrdiff_t>(drop));
  start_ = offset;
}

void FrameWindow::start(uint64_t offset) {
  drop_before(std::max(offset, finished_end_));
  open_ = offset >= start_;
}

std::span<const uint8_t> FrameWindow::finish(uint64_t end) {
  open_ = false;
  const uint64_t length = end > start_ ? end - start_ : 0;
  finished_end_ = end;
  return std::span<const uint8_t>(kept_).first(std::min<uint64_t>(length, kept_.size()));
}

}  // namespace rampart::proto
