// Fuzzes TcpSession: the input is a configuration byte pair followed by segments
// (direction+flags, sequence and ack deltas, payload), fed with a tiny memory cap
// so buffering, overlaps, gaps and forced progress are all reached. The sink
// checks that no direction ever receives more bytes than were fed to it.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "stream/tcp_session.hpp"

namespace {

using rampart::stream::Direction;

class CountingSink : public rampart::stream::StreamSink {
 public:
  uint64_t fed[2] = {0, 0};
  void on_data(Direction dir, std::span<const uint8_t> bytes) override {
    delivered_[index(dir)] += bytes.size();
    if (delivered_[index(dir)] > fed[index(dir)]) std::abort();
  }
  void on_gap(Direction, uint32_t) override {}
  void on_close(Direction) override {}

 private:
  static size_t index(Direction dir) { return static_cast<size_t>(dir); }
  uint64_t delivered_[2] = {0, 0};
};

class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool has(size_t n) const { return size_ - pos_ >= n; }
  uint8_t u8() { return data_[pos_++]; }
  uint16_t u16() {
    const auto v = static_cast<uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  std::span<const uint8_t> take(size_t n) {
    if (n > size_ - pos_) n = size_ - pos_;
    std::span<const uint8_t> out(data_ + pos_, n);
    pos_ += n;
    return out;
  }

 private:
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Reader in(data, size);
  if (!in.has(2)) return 0;
  const uint8_t options = in.u8();
  rampart::stream::StreamConfig config;
  config.midstream = options & 1;
  config.async_oneside = options & 2;
  config.inline_mode = (options & 0x80) != 0;  // shares a bit with the policy
  config.policy = static_cast<rampart::stream::OverlapPolicy>((options >> 2) % 12);
  config.reassembly_depth = in.u8() * 16u;
  config.max_ooo_segments = 8;
  rampart::stream::StreamMemory memory(256);
  rampart::stream::StreamStats stats;
  CountingSink sink;
  {
    rampart::stream::TcpSession session(config, memory, stats);
    // Sequence numbers start near the wrap so it is crossed often.
    uint32_t seq[2] = {0xFFFFFF00u, 0x7FFFFFF0u};
    while (in.has(6)) {
      const uint8_t head = in.u8();
      const Direction dir = (head & 0x80) ? Direction::ToClient : Direction::ToServer;
      const size_t d = static_cast<size_t>(dir);
      rampart::stream::TcpSegment seg;
      seg.flags = static_cast<uint8_t>(head & 0x1F);
      seq[d] += static_cast<uint32_t>(static_cast<int16_t>(in.u16()));
      seg.seq = seq[d];
      seg.ack = seq[1 - d] + static_cast<uint32_t>(static_cast<int8_t>(in.u8()));
      seg.window = static_cast<uint16_t>(in.u8() << 8);
      seg.has_timestamp = head & 0x20;
      seg.ts_value = seg.ts_echo = static_cast<uint32_t>(head);
      seg.has_wscale = head & 0x40;
      seg.wscale = 7;
      seg.tfo = head & 0x40;  // shares the bit: a scaled SYN carries Fast Open data
      seg.payload = in.take(in.u8());
      sink.fed[d] += seg.payload.size();
      rampart::stream::StreamEvents events;
      session.handle(dir, seg, sink, events);
    }
    session.flush(sink);
  }
  if (memory.used() != 0) std::abort();  // every buffered byte is released with its session
  return 0;
}
