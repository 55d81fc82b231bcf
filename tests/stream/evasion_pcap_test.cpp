// Suricata-verify's bug-3286 captures: a forged RST and FIN answer the client's
// SYN with a timestamp echo the SYN never sent, hoping the IDS tears the session
// down before the real handshake and HTTP exchange. The forgeries must raise
// pkt_invalid_timestamp and be ignored, and both directions must reassemble.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "capture/pcap_source.hpp"
#include "common/bytes.hpp"
#include "stream_test_helpers.hpp"

namespace rampart::stream::testing {
namespace {

struct TcpFrame {
  uint32_t src_ip = 0;
  uint16_t src_port = 0;
  TcpSegment seg;
};

// Test-only Ethernet/IPv4/TCP parsing (the decoder is tested on its own).
void parse_tcp_options(Bytes options, TcpSegment& seg) {
  size_t i = 0;
  while (i < options.size()) {
    const uint8_t kind = options[i];
    if (kind == 0) break;
    if (kind == 1) {
      ++i;
      continue;
    }
    if (i + 1 >= options.size() || options[i + 1] < 2 || i + options[i + 1] > options.size()) break;
    const uint8_t len = options[i + 1];
    if (kind == 3 && len == 3) {
      seg.has_wscale = true;
      seg.wscale = options[i + 2];
    } else if (kind == 4) {
      seg.sack_permitted = true;
    } else if (kind == 8 && len == 10) {
      seg.has_timestamp = true;
      seg.ts_value = load_be32(&options[i + 2]);
      seg.ts_echo = load_be32(&options[i + 6]);
    }
    i += len;
  }
}

std::optional<TcpFrame> parse_frame(const capture::RawPacket& raw) {
  const Bytes frame = raw.data;
  if (raw.linktype != 1 || frame.size() < 14 + 20 || load_be16(&frame[12]) != 0x0800) return std::nullopt;
  const Bytes ip = frame.subspan(14);
  const size_t ihl = (ip[0] & 0x0F) * 4u;
  if (ip[9] != 6 || ip.size() < ihl + 20) return std::nullopt;
  const size_t ip_total = std::min<size_t>(load_be16(&ip[2]), ip.size());
  const Bytes tcp = ip.subspan(ihl, ip_total - ihl);
  const size_t thl = (tcp[12] >> 4) * 4u;
  if (thl < 20 || tcp.size() < thl) return std::nullopt;
  TcpFrame out;
  out.src_ip = load_be32(&ip[12]);
  out.src_port = load_be16(&tcp[0]);
  out.seg.ts_usec = raw.ts_usec;
  out.seg.seq = load_be32(&tcp[4]);
  out.seg.ack = load_be32(&tcp[8]);
  out.seg.flags = tcp[13];
  out.seg.window = load_be16(&tcp[14]);
  parse_tcp_options(tcp.subspan(20, thl - 20), out.seg);
  out.seg.payload = tcp.subspan(thl);
  return out;
}

struct EvasionResult {
  RecordingSink sink;
  std::vector<uint64_t> invalid_timestamp_packets;
  TcpState state = TcpState::None;
};

EvasionResult replay(const std::string& path) {
  EvasionResult result;
  auto source = capture::PcapSource::open(path);
  EXPECT_TRUE(source.has_value());
  if (!source) return result;
  StreamConfig config;  // the tests run Suricata's defaults: bsd policy, no midstream
  StreamMemory memory(1 << 20);
  StreamStats stats;
  TcpSession session(config, memory, stats);
  std::optional<std::pair<uint32_t, uint16_t>> client;
  while (const capture::RawPacket* raw = source->next()) {
    const auto frame = parse_frame(*raw);
    if (!frame) continue;
    if (!client) client.emplace(frame->src_ip, frame->src_port);
    const bool to_server = *client == std::make_pair(frame->src_ip, frame->src_port);
    StreamEvents events;
    session.handle(to_server ? Direction::ToServer : Direction::ToClient, frame->seg, result.sink, events);
    if (has_event(events, StreamEvent::PktInvalidTimestamp)) result.invalid_timestamp_packets.push_back(raw->number);
  }
  session.flush(result.sink);
  result.state = session.state();
  return result;
}

const std::string kResponse =
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 14\r\n\r\nTHIS_IS_A_TEST";

void check_evasion_capture(const std::string& test, const std::string& file, size_t request_len) {
  const std::filesystem::path path =
      std::filesystem::path(RAMPART_SHARED_DIR) / "conformance/suricata-verify/tests" / test / file;
  if (!std::filesystem::exists(path)) GTEST_SKIP() << "no " << path;
  const EvasionResult result = replay(path.string());
  EXPECT_EQ(result.invalid_timestamp_packets, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(result.state, TcpState::Established);
  EXPECT_EQ(result.sink.to_client(), kResponse);
  EXPECT_EQ(result.sink.to_server().size(), request_len);
  EXPECT_TRUE(result.sink.to_server().starts_with("GET / HTTP/1.1\r\nHost: 192.168.1.90\r\n"));
  EXPECT_TRUE(result.sink.to_server().ends_with("\r\n\r\n"));
  EXPECT_TRUE(result.sink.gaps[0].empty() && result.sink.gaps[1].empty());
}

TEST(StreamEvasion, Bug3286LinuxForgedRstAndFinAreIgnored) {
  check_evasion_capture("bug-3286-02-linux-evasion", "with_evasion_linux.pcap", 338);
}

TEST(StreamEvasion, Bug3286WindowsForgedRstAndFinAreIgnored) {
  check_evasion_capture("bug-3286-03-windows-evasion", "with_evasion_windows.pcap", 343);
}

}  // namespace
}  // namespace rampart::stream::testing
