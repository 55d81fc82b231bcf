#pragma once
// DNS over TCP frames each message with a two-octet length (RFC 1035 4.2.2).
// The framer cuts one direction's byte stream, split anywhere, into messages:
// those wholly inside the bytes given are passed on as views; only a message cut
// by a segment boundary is copied, into a buffer no larger than one message. It
// counts the stream's bytes, so a message's place in the stream is known.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace rampart::proto::dns {

class TcpFramer {
 public:
  // Calls on_message(std::span<const uint8_t>) for each message completed by
  // `bytes`; stops and returns false as soon as it returns false.
  template <class OnMessage>
  bool feed(std::span<const uint8_t> bytes, OnMessage&& on_message);
  // Forgets a partial message (after a gap).
  void reset() { partial_.clear(); }
  // `length` bytes of the stream pass unframed (a gap, data skipped while resyncing).
  void skip(uint64_t length) { stream_bytes_ += length; }
  size_t buffered() const { return partial_.size(); }
  // Where the message being passed to on_message starts in the stream (after its length).
  uint64_t message_offset() const { return message_offset_; }

 private:
  static constexpr size_t kPrefix = 2;
  static size_t framed_length(std::span<const uint8_t> b) { return kPrefix + ((size_t{b[0]} << 8) | b[1]); }
  // Octets still needed to complete the partial message.
  size_t missing() const {
    return partial_.size() < kPrefix ? kPrefix - partial_.size() : framed_length(partial_) - partial_.size();
  }

  std::vector<uint8_t> partial_;
  uint64_t stream_bytes_ = 0;  // fed or skipped so far
  uint64_t message_offset_ = 0;
};

template <class OnMessage>
bool TcpFramer::feed(std::span<const uint8_t> bytes, OnMessage&& on_message) {
  while (!bytes.empty()) {
    if (partial_.empty() && bytes.size() >= kPrefix && bytes.size() >= framed_length(bytes)) {
      size_t length = framed_length(bytes);
      message_offset_ = stream_bytes_ + kPrefix;
      stream_bytes_ += length;
      if (!on_message(bytes.subspan(kPrefix, length - kPrefix))) return false;
      bytes = bytes.subspan(length);
      continue;
    }
    size_t take = std::min(missing(), bytes.size());
    partial_.insert(partial_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(take));
    bytes = bytes.subspan(take);
    stream_bytes_ += take;
    if (partial_.size() >= kPrefix && missing() == 0) {
      message_offset_ = stream_bytes_ - partial_.size() + kPrefix;
      bool ok = on_message(std::span<const uint8_t>(partial_).subspan(kPrefix));
      partial_.clear();
      if (!ok) return false;
    }
  }
  return true;
}

}  // namespace rampart::proto::dns
