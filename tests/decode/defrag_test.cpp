// Fragment reassembly: ordering, overlap policies, timeouts, memcap and limits.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "capture_frames.hpp"
#include "decode/defrag.hpp"

namespace rampart::decode {
namespace {

constexpr uint8_t kOpaqueProto = 253;  // RFC 3692 experimental: never decoded further

uint16_t header_checksum(const std::vector<uint8_t>& header) {
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < header.size(); i += 2) sum += load_be16(header.data() + i);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum);
}

// An IPv4 fragment from 10.0.0.1 to 10.0.0.2 (raw IP link type).
std::vector<uint8_t> ipv4_fragment(uint16_t id, uint16_t offset, bool more, const std::string& data,
                                   uint8_t proto = kOpaqueProto) {
  const auto total = static_cast<uint16_t>(20 + data.size());
  const auto flags_offset = static_cast<uint16_t>((more ? 0x2000 : 0) | (offset / 8));
  std::vector<uint8_t> bytes{0x45, 0, static_cast<uint8_t>(total >> 8), static_cast<uint8_t>(total),
                             static_cast<uint8_t>(id >> 8), static_cast<uint8_t>(id),
                             static_cast<uint8_t>(flags_offset >> 8), static_cast<uint8_t>(flags_offset),
                             64, proto, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
  const uint16_t checksum = header_checksum(bytes);
  bytes[10] = static_cast<uint8_t>(checksum >> 8);
  bytes[11] = static_cast<uint8_t>(checksum);
  bytes.insert(bytes.end(), data.begin(), data.end());
  return bytes;
}

class DefragHarness {
 public:
  explicit DefragHarness(DefragConfig config = {}) : defrag(config) {}

  // Decodes and feeds one fragment; returns the datagram's payload text once complete.
  std::optional<std::string> feed(const std::vector<uint8_t>& frame, uint64_t ts_usec = 0) {
    frames.push_back(frame);
    last = Packet{};
    last.frame = frames.back();
    last.link = LinkType::Ipv4;
    last.ts_usec = ts_usec;
    EXPECT_TRUE(decoder.decode(last));
    EXPECT_TRUE(last.is_fragment);
    const auto datagram = defrag.add(last);
    if (!datagram) return std::nullopt;
    datagram_bytes.assign(datagram->begin(), datagram->end());
    const size_t hlen = size_t{datagram_bytes[0] & 0x0fu} * 4;
    return std::string(datagram_bytes.begin() + static_cast<ptrdiff_t>(hlen), datagram_bytes.end());
  }

  Decoder decoder;
  Defragmenter defrag;
  std::vector<std::vector<uint8_t>> frames;
  std::vector<uint8_t> datagram_bytes;
  Packet last;
};

std::string repeat(char c, size_t n) { return std::string(n, c); }

TEST(Defrag, ReassemblesInOrderAndDecodesTheDatagram) {
  // A UDP datagram (8-byte header + 32 bytes) cut into 16 + 16 + 8 bytes.
  const std::string payload = "0123456789abcdefghijklmnopqrstuv";
  std::string udp = {0x04, 0x00, 0x00, 0x35, 0x00, 0x28, 0x00, 0x00};
  udp += payload;
  DefragHarness h;
  EXPECT_FALSE(h.feed(ipv4_fragment(7, 0, true, udp.substr(0, 16), 17)));
  EXPECT_FALSE(h.feed(ipv4_fragment(7, 16, true, udp.substr(16, 16), 17)));
  const auto whole = h.feed(ipv4_fragment(7, 32, false, udp.substr(32), 17));
  ASSERT_TRUE(whole);
  EXPECT_EQ(*whole, udp);
  const auto& d = h.datagram_bytes;
  EXPECT_EQ(load_be16(d.data() + 2), 60);  // total length
  EXPECT_EQ(load_be16(d.data() + 6), 0);   // flags and offset cleared
  EXPECT_EQ(header_checksum({d.begin(), d.begin() + 20}), 0);

  Packet reassembled = h.last;
  ASSERT_TRUE(h.decoder.decode_reassembled(reassembled, h.datagram_bytes));
  EXPECT_TRUE(reassembled.is_reassembled);
  EXPECT_FALSE(reassembled.is_fragment);
  EXPECT_FALSE(reassembled.ipv4_checksum_bad);
  EXPECT_EQ(reassembled.l4, L4Proto::Udp);
  EXPECT_EQ(reassembled.dst_port, 53);
  EXPECT_EQ(testing::payload_text(reassembled), payload);
  EXPECT_EQ(reassembled.frame.data(), h.datagram_bytes.data());
  EXPECT_TRUE(testing::spans_inside_frame(reassembled));
  EXPECT_EQ(h.defrag.stats().ipv4_fragments, 3u);
  EXPECT_EQ(h.defrag.stats().ipv4_reassembled, 1u);
}

TEST(Defrag, ReassemblesOutOfOrder) {
  DefragHarness h;
  EXPECT_FALSE(h.feed(ipv4_fragment(9, 16, false, repeat('C', 8))));
  EXPECT_FALSE(h.feed(ipv4_fragment(9, 8, true, repeat('B', 8))));
  EXPECT_EQ(h.feed(ipv4_fragment(9, 0, true, repeat('A', 8))), "AAAAAAAABBBBBBBBCCCCCCCC");
  EXPECT_TRUE(h.last.events.empty());
}

TEST(Defrag, KeepsDatagramsWithDifferentIdsApart) {
  DefragHarness h;
  EXPECT_FALSE(h.feed(ipv4_fragment(1, 0, true, repeat('a', 8))));
  EXPECT_FALSE(h.feed(ipv4_fragment(2, 0, true, repeat('b', 8))));
  EXPECT_EQ(h.feed(ipv4_fragment(2, 8, false, repeat('B', 8))), "bbbbbbbbBBBBBBBB");
  EXPECT_EQ(h.feed(ipv4_fragment(1, 8, false, repeat('A', 8))), "aaaaaaaaAAAAAAAA");
}

struct OverlapCase {
  DefragPolicy policy;
  std::string expected;
};

// Feeds three fragments and returns the reassembled payload; checks the overlap event.
std::string reassemble(DefragPolicy policy, const std::vector<std::tuple<uint16_t, bool, std::string>>& fragments) {
  DefragHarness h(DefragConfig{.policy = policy});
  std::optional<std::string> result;
  bool overlap_seen = false;
  for (const auto& [offset, more, data] : fragments) {
    result = h.feed(ipv4_fragment(5, offset, more, data));
    overlap_seen = overlap_seen || h.last.events.has(DecodeEvent::Ipv4FragOverlap);
  }
  EXPECT_TRUE(overlap_seen);
  EXPECT_EQ(h.defrag.stats().overlaps, 1u);
  return result.value_or("<incomplete>");
}

TEST(DefragOverlap, NewFragmentStartingInsideAnOldOne) {
  // Old A covers [0,16); new B covers [8,24); C ends the datagram.
  const std::vector<std::tuple<uint16_t, bool, std::string>> fragments{
      {0, true, repeat('A', 16)}, {8, true, repeat('B', 16)}, {24, false, repeat('C', 8)}};
  const std::string old_wins = repeat('A', 16) + repeat('B', 8) + repeat('C', 8);
  const std::string new_wins = repeat('A', 8) + repeat('B', 16) + repeat('C', 8);
  const OverlapCase cases[] = {{DefragPolicy::Bsd, old_wins},     {DefragPolicy::Linux, old_wins},
                               {DefragPolicy::First, old_wins},   {DefragPolicy::Windows, old_wins},
                               {DefragPolicy::Solaris, old_wins}, {DefragPolicy::Last, new_wins},
                               {DefragPolicy::BsdRight, new_wins}};
  for (const auto& c : cases) EXPECT_EQ(reassemble(c.policy, fragments), c.expected) << int(c.policy);
}

TEST(DefragOverlap, NewFragmentStartingBeforeAnOldOne) {
  // Old B covers [8,24); new A covers [0,16).
  const std::vector<std::tuple<uint16_t, bool, std::string>> fragments{
      {8, true, repeat('B', 16)}, {0, true, repeat('A', 16)}, {24, false, repeat('C', 8)}};
  const std::string new_wins = repeat('A', 16) + repeat('B', 8) + repeat('C', 8);
  const std::string old_wins = repeat('A', 8) + repeat('B', 16) + repeat('C', 8);
  const OverlapCase cases[] = {{DefragPolicy::Bsd, new_wins},     {DefragPolicy::Linux, new_wins},
                               {DefragPolicy::Last, new_wins},    {DefragPolicy::First, old_wins},
                               {DefragPolicy::Windows, old_wins}, {DefragPolicy::Solaris, old_wins},
                               {DefragPolicy::BsdRight, old_wins}};
  for (const auto& c : cases) EXPECT_EQ(reassemble(c.policy, fragments), c.expected) << int(c.policy);
}

TEST(DefragOverlap, SameOffsetLongerFragment) {
  // Old A covers [0,8); new B covers [0,16).
  const std::vector<std::tuple<uint16_t, bool, std::string>> fragments{
      {0, true, repeat('A', 8)}, {0, true, repeat('B', 16)}, {16, false, repeat('C', 8)}};
  const std::string old_wins = repeat('A', 8) + repeat('B', 8) + repeat('C', 8);
  const std::string new_wins = repeat('B', 16) + repeat('C', 8);
  const OverlapCase cases[] = {{DefragPolicy::Bsd, old_wins},
                               {DefragPolicy::First, old_wins},
                               {DefragPolicy::Linux, new_wins},
                               {DefragPolicy::Last, new_wins}};
  for (const auto& c : cases) EXPECT_EQ(reassemble(c.policy, fragments), c.expected) << int(c.policy);
}

TEST(DefragOverlap, NewFragmentCoveringAnOldOne) {
  // Old A covers [8,16); new B covers [0,24) and so starts before and ends after it.
  const std::vector<std::tuple<uint16_t, bool, std::string>> fragments{
      {8, true, repeat('A', 8)}, {0, true, repeat('B', 24)}, {24, false, repeat('C', 8)}};
  const std::string new_wins = repeat('B', 24) + repeat('C', 8);
  const std::string old_wins = repeat('B', 8) + repeat('A', 8) + repeat('B', 8) + repeat('C', 8);
  const OverlapCase cases[] = {{DefragPolicy::Windows, new_wins}, {DefragPolicy::Solaris, new_wins},
                               {DefragPolicy::Bsd, new_wins},     {DefragPolicy::First, old_wins}};
  for (const auto& c : cases) EXPECT_EQ(reassemble(c.policy, fragments), c.expected) << int(c.policy);
}

TEST(Defrag, IncompleteDatagramsTimeOut) {
  DefragHarness h(DefragConfig{.timeout_usec = 1'000'000});
  EXPECT_FALSE(h.feed(ipv4_fragment(3, 0, true, repeat('A', 8)), 0));
  h.defrag.expire(500'000);
  EXPECT_EQ(h.defrag.stats().timeouts, 0u);
  h.defrag.expire(2'000'000);
  EXPECT_EQ(h.defrag.stats().timeouts, 1u);
  EXPECT_FALSE(h.feed(ipv4_fragment(3, 8, false, repeat('B', 8)), 2'100'000));
}

TEST(Defrag, StaleTrackerIsReplacedOnArrival) {
  DefragHarness h(DefragConfig{.timeout_usec = 1'000'000});
  EXPECT_FALSE(h.feed(ipv4_fragment(3, 0, true, repeat('A', 8)), 0));
  EXPECT_FALSE(h.feed(ipv4_fragment(3, 8, false, repeat('B', 8)), 5'000'000));
  EXPECT_EQ(h.defrag.stats().timeouts, 1u);
  EXPECT_EQ(h.feed(ipv4_fragment(3, 0, true, repeat('a', 8)), 5'100'000), "aaaaaaaaBBBBBBBB");
}

TEST(Defrag, MemcapEvictsTheOldestDatagramFirst) {
  // Each first fragment buffers ~1.3 KB; the cap holds about three of them.
  DefragHarness h(DefragConfig{.memcap = 4100});
  for (uint16_t id = 1; id <= 5; ++id) EXPECT_FALSE(h.feed(ipv4_fragment(id, 0, true, repeat('x', 1000))));
  EXPECT_EQ(h.defrag.stats().memcap_evictions, 2u);
  EXPECT_FALSE(h.feed(ipv4_fragment(1, 1000, false, repeat('y', 8))));  // id 1 was evicted
  EXPECT_TRUE(h.feed(ipv4_fragment(5, 1000, false, repeat('y', 8))));
}

TEST(Defrag, OversizedDatagramIsRejected) {
  DefragHarness h;
  EXPECT_FALSE(h.feed(ipv4_fragment(4, 65528, false, repeat('z', 16))));
  EXPECT_TRUE(h.last.events.has(DecodeEvent::Ipv4FragPktTooLarge));
  EXPECT_EQ(h.defrag.stats().too_large, 1u);
}

TEST(Defrag, TooManyFragmentsDropTheDatagram) {
  DefragHarness h(DefragConfig{.max_frags_per_datagram = 2});
  EXPECT_FALSE(h.feed(ipv4_fragment(6, 0, true, repeat('a', 8))));
  EXPECT_FALSE(h.feed(ipv4_fragment(6, 8, true, repeat('b', 8))));
  EXPECT_FALSE(h.feed(ipv4_fragment(6, 16, false, repeat('c', 8))));
  EXPECT_EQ(h.defrag.stats().too_many_fragments, 1u);
}

class Ipv6Defrag : public ::testing::TestWithParam<size_t> {};

TEST_P(Ipv6Defrag, RemovesTheFragmentHeader) {
  const testing::CaptureFrames frames("defrag_ipv6.pcap");
  ASSERT_EQ(frames.size(), 6u);
  Decoder decoder;
  Defragmenter defrag;
  const size_t first = GetParam();
  std::vector<Packet> packets;
  std::optional<Bytes> datagram;
  for (size_t i = first; i < first + 3; ++i) {
    Packet pkt = frames.packet(i);
    ASSERT_TRUE(decoder.decode(pkt));
    ASSERT_TRUE(pkt.is_fragment);
    datagram = defrag.add(pkt);
    packets.push_back(pkt);
    if (i < first + 2) {
      EXPECT_FALSE(datagram);
    }
  }
  ASSERT_TRUE(datagram);
  ASSERT_EQ(datagram->size(), 40u + 136u);
  EXPECT_EQ((*datagram)[6], 17);                     // next header spliced
  EXPECT_EQ(load_be16(datagram->data() + 4), 136);   // payload length without the fragment header
  Packet reassembled = packets.back();
  ASSERT_TRUE(decoder.decode_reassembled(reassembled, *datagram));
  EXPECT_EQ(reassembled.l4, L4Proto::Udp);
  EXPECT_EQ(reassembled.src_port, 1000);
  EXPECT_EQ(reassembled.payload.size(), 128u);
  EXPECT_FALSE(reassembled.l4_checksum_bad);
  EXPECT_TRUE(reassembled.has_ethernet);
  EXPECT_EQ(defrag.stats().ipv6_reassembled, 1u);
}

INSTANTIATE_TEST_SUITE_P(InOrderAndOutOfOrder, Ipv6Defrag, ::testing::Values(0u, 3u));

}  // namespace
}  // namespace rampart::decode
