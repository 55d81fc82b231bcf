#pragma once
// The bytes of one direction's stream a parser keeps for the frame it is reading,
// when the frame spans several calls (an HTTP request arriving in segments). The
// parser feeds every call's bytes, says where a frame starts once it knows (at or
// after the end of the previous one) and takes the frame's bytes when it ends. At
// most kMaxKept bytes of a frame are kept: a longer frame is reported with its
// first bytes and its whole length. Nothing is kept while frames are not wanted.
#include <cstdint>
#include <span>
#include <vector>

namespace rampart::proto {

class FrameWindow {
 public:
  static constexpr size_t kMaxKept = 64 * 1024;

  // The stream position after the bytes given so far.
  uint64_t position() const { return position_; }
  // The next bytes of the stream; keep: frames are wanted.
  void feed(std::span<const uint8_t> bytes, bool keep);
  // `length` bytes were lost: a frame that was open is dropped.
  void skip(uint64_t length);
  // A frame starts at stream position `offset`.
  void start(uint64_t offset);
  bool open() const { return open_; }
  uint64_t start_offset() const { return start_; }
  // The open frame ends at stream position `end`: the kept part of its bytes (valid
  // until the next call). The frame is closed.
  std::span<const uint8_t> finish(uint64_t end);

 private:
  void drop_before(uint64_t offset);

  uint64_t position_ = 0;
  uint64_t start_ = 0;  // stream position of kept_[0]
  uint64_t finished_end_ = 0;  // the bytes before it go at the next call
  bool open_ = false;
  std::vector<uint8_t> kept_;
};

}  // namespace rampart::proto
