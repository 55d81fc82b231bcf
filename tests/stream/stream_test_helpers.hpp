#pragma once
// Builds TcpSegments directly (independent of the decoder) and records what a
// TcpSession delivers, for the stream tests.
#include <cstdint>
#include <string>
#include <vector>

#include "stream/tcp_session.hpp"

namespace rampart::stream::testing {

inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10;

// Owns the payload bytes the segments point at.
class SegmentFactory {
 public:
  TcpSegment make(uint8_t flags, uint32_t seq, uint32_t ack, const std::string& payload = "",
                  uint16_t window = 65535) {
    payloads_.emplace_back(payload.begin(), payload.end());
    TcpSegment seg;
    seg.flags = flags;
    seg.seq = seq;
    seg.ack = ack;
    seg.window = window;
    seg.payload = payloads_.back();
    return seg;
  }

 private:
  std::vector<std::vector<uint8_t>> payloads_;  // vectors move, their buffers stay put
};

struct RecordingSink : StreamSink {
  std::string data[2];
  std::vector<uint32_t> gaps[2];
  int closes[2] = {0, 0};
  int depths[2] = {0, 0};
  void on_data(Direction dir, std::span<const uint8_t> bytes) override {
    data[static_cast<int>(dir)].append(bytes.begin(), bytes.end());
  }
  void on_gap(Direction dir, uint32_t length) override {
    gaps[static_cast<int>(dir)].push_back(length);
    data[static_cast<int>(dir)].append("[gap]");
  }
  void on_close(Direction dir) override { ++closes[static_cast<int>(dir)]; }
  void on_depth(Direction dir) override { ++depths[static_cast<int>(dir)]; }
  const std::string& to_server() const { return data[0]; }
  const std::string& to_client() const { return data[1]; }
};

inline bool has_event(const StreamEvents& events, StreamEvent e) {
  for (size_t i = 0; i < events.size(); ++i)
    if (events[i] == e) return true;
  return false;
}

// A session with a completed handshake: client ISN `client_isn`, server ISN `server_isn`.
struct SessionFixture {
  explicit SessionFixture(StreamConfig cfg = {}, size_t memcap = 1 << 20) : config(cfg), memory(memcap) {}

  bool send(Direction dir, const TcpSegment& seg) {
    events.clear();
    return session.handle(dir, seg, sink, events);
  }
  void handshake(uint32_t client, uint32_t server) {
    client_isn = client;
    server_isn = server;
    send(Direction::ToServer, segments.make(kSyn, client, 0));
    send(Direction::ToClient, segments.make(kSyn | kAck, server, client + 1));
    send(Direction::ToServer, segments.make(kAck, client + 1, server + 1));
  }
  // Client data at relative offset `rel` (0 = first payload byte).
  bool client_data(uint32_t rel, const std::string& bytes) {
    return send(Direction::ToServer, segments.make(kAck | kPsh, client_isn + 1 + rel, server_isn + 1, bytes));
  }
  // The server acknowledges every byte the client sent so far (the sink gets
  // only acknowledged bytes); returns what the sink got from the client.
  const std::string& acked_to_server() {
    const uint32_t client_next = client_isn + session.sequence_size(Direction::ToServer);
    send(Direction::ToClient, segments.make(kAck, server_isn + 1, client_next));
    return sink.to_server();
  }

  StreamConfig config;
  StreamMemory memory;
  StreamStats stats;
  TcpSession session{config, memory, stats};
  RecordingSink sink;
  StreamEvents events;
  SegmentFactory segments;
  uint32_t client_isn = 0, server_isn = 0;
};

}  // namespace rampart::stream::testing
