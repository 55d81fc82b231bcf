// IPv6 fixed header and extension header chain.
#include <gtest/gtest.h>

#include "capture_frames.hpp"

namespace rampart::decode {
namespace {

using testing::CaptureFrames;
using testing::decode_frame;

class Ipv6Capture : public ::testing::Test {
 protected:
  Packet decode(size_t index, bool* usable = nullptr) { return decode_frame(decoder, frames, index, usable); }
  CaptureFrames frames{"ipv6.pcap"};
  Decoder decoder;
};

TEST_F(Ipv6Capture, WalksHopByHopAndDestinationOptions) {
  const Packet pkt = decode(0);
  EXPECT_EQ(pkt.ip_proto, 6);
  EXPECT_EQ(pkt.ip_hlen, 56);
  EXPECT_EQ(pkt.ip_header.size(), 56u);
  EXPECT_EQ(pkt.l4, L4Proto::Tcp);
  ASSERT_EQ(pkt.events.size(), 1u);
  EXPECT_EQ(pkt.events[0], DecodeEvent::Ipv6DstoptsOnlyPadding);
  EXPECT_FALSE(pkt.l4_checksum_bad);
}

TEST_F(Ipv6Capture, ExtensionHeaderAnomalies) {
  const std::pair<size_t, DecodeEvent> cases[] = {
      {1, DecodeEvent::Ipv6RhType0},           {2, DecodeEvent::Ipv6ExthdrDuplHh},
      {3, DecodeEvent::Ipv6HopoptsUnknownOpt}, {4, DecodeEvent::Ipv6ExthdrInvalidOptlen},
      {5, DecodeEvent::Ipv6ZeroLenPadn},       {6, DecodeEvent::Ipv6TruncExthdr},
      {9, DecodeEvent::Ipv6FhNonZeroReservedField}, {10, DecodeEvent::Ipv6DataAfterNoneHeader},
      {11, DecodeEvent::Ipv6UnknownNextHeader}, {15, DecodeEvent::Ipv6ExthdrAhResNotNull},
      {17, DecodeEvent::Ipv6FragInvalidLength},
  };
  for (const auto& [index, event] : cases) {
    const Packet pkt = decode(index);
    EXPECT_EQ(pkt.ip_version, 6) << index;
    EXPECT_TRUE(pkt.events.has(event)) << index;
  }
  EXPECT_EQ(decode(1).l4, L4Proto::Tcp);   // anomalies that do not stop decoding
  EXPECT_EQ(decode(15).l4, L4Proto::Tcp);
  EXPECT_EQ(decode(4).l4, L4Proto::None);  // ones that do
}

TEST_F(Ipv6Capture, BrokenFixedHeaders) {
  const std::pair<size_t, DecodeEvent> cases[] = {
      {12, DecodeEvent::Ipv6TruncPkt}, {13, DecodeEvent::Ipv6PktTooSmall}, {14, DecodeEvent::Ipv6WrongIpVersion}};
  for (const auto& [index, event] : cases) {
    bool usable = true;
    const Packet pkt = decode(index, &usable);
    EXPECT_FALSE(usable) << index;
    ASSERT_EQ(pkt.events.size(), 1u) << index;
    EXPECT_EQ(pkt.events[0], event) << index;
  }
}

TEST_F(Ipv6Capture, AtomicFragmentIsDecodedThrough) {
  const Packet pkt = decode(7);
  EXPECT_TRUE(pkt.events.has(DecodeEvent::Ipv6ExthdrUselessFh));
  EXPECT_FALSE(pkt.is_fragment);
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
  EXPECT_EQ(testing::payload_text(pkt), "q");
}

TEST_F(Ipv6Capture, FragmentHeaderMarksAFragment) {
  const Packet pkt = decode(8);
  EXPECT_TRUE(pkt.is_fragment);
  EXPECT_TRUE(pkt.frag.more);
  EXPECT_EQ(pkt.frag.id, 0xabcdefu);
  EXPECT_EQ(pkt.frag.offset, 0);
  EXPECT_EQ(pkt.frag.next_header, 17);
  EXPECT_EQ(pkt.frag.header_offset, 40);
  EXPECT_EQ(pkt.frag.next_header_field, 6);
  EXPECT_EQ(pkt.payload.size(), 16u);
  EXPECT_EQ(pkt.l4, L4Proto::None);

  const Packet after_hop = decode(18);
  EXPECT_TRUE(after_hop.is_fragment);
  EXPECT_EQ(after_hop.frag.offset, 16);
  EXPECT_EQ(after_hop.frag.header_offset, 48);
  EXPECT_EQ(after_hop.frag.next_header_field, 40);
  EXPECT_EQ(decoder.stats().fragments, 2u);
}

TEST_F(Ipv6Capture, EspIsDecodedUpToItsEncryptedPayload) {
  const Packet pkt = decode(16);
  EXPECT_EQ(pkt.ip_proto, 50);
  EXPECT_EQ(pkt.l4, L4Proto::Esp);
  EXPECT_EQ(pkt.esp_spi, 1u);
  EXPECT_EQ(pkt.payload.size(), 16u);
  EXPECT_TRUE(pkt.events.empty());
}

}  // namespace
}  // namespace rampart::decode
