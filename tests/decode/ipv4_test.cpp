// IPv4 header, options, checksum and fragment marking.
#include <gtest/gtest.h>

#include "capture_frames.hpp"

namespace rampart::decode {
namespace {

using testing::CaptureFrames;
using testing::decode_frame;

class Ipv4Capture : public ::testing::Test {
 protected:
  Packet decode(size_t index, bool* usable = nullptr) { return decode_frame(decoder, frames, index, usable); }
  CaptureFrames frames{"ipv4.pcap"};
  Decoder decoder;
};

TEST_F(Ipv4Capture, ValidOptionsRaiseNothing) {
  const Packet pkt = decode(0);
  EXPECT_TRUE(pkt.events.empty());
  EXPECT_EQ(pkt.ip_hlen, 32);
  EXPECT_EQ(pkt.ip_header.size(), 32u);
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
  EXPECT_FALSE(pkt.ipv4_checksum_bad);
}

TEST_F(Ipv4Capture, BadChecksumIsCountedAndStillDecoded) {
  bool usable = false;
  const Packet pkt = decode(1, &usable);
  EXPECT_TRUE(usable);
  EXPECT_TRUE(pkt.ipv4_checksum_bad);
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
  EXPECT_EQ(decoder.stats().ipv4_checksum_errors, 1u);
}

TEST_F(Ipv4Capture, ChecksumCheckCanBeDisabled) {
  Decoder lenient(DecoderConfig{.verify_ipv4_checksum = false});
  const Packet pkt = decode_frame(lenient, frames, 1);
  EXPECT_FALSE(pkt.ipv4_checksum_bad);
  EXPECT_EQ(lenient.stats().ipv4_checksum_errors, 0u);
}

TEST_F(Ipv4Capture, MalformedHeadersRaiseTheirEvents) {
  const std::pair<size_t, DecodeEvent> cases[] = {
      {2, DecodeEvent::Ipv4TruncPkt},          {3, DecodeEvent::Ipv4HlenTooSmall},
      {4, DecodeEvent::Ipv4IplenSmallerThanHlen}, {5, DecodeEvent::Ipv4WrongIpVersion},
      {6, DecodeEvent::Ipv4OptInvalidLen},     {7, DecodeEvent::Ipv4OptMalformed},
      {12, DecodeEvent::Ipv4PktTooSmall},
  };
  for (const auto& [index, event] : cases) {
    bool usable = true;
    const Packet pkt = decode(index, &usable);
    EXPECT_FALSE(usable) << index;
    EXPECT_EQ(pkt.ip_version, 0) << index;
    ASSERT_EQ(pkt.events.size(), 1u) << index;
    EXPECT_EQ(pkt.events[0], event) << index << " raised " << event_name(pkt.events[0]);
  }
  EXPECT_EQ(decoder.stats().invalid, std::size(cases));
}

TEST_F(Ipv4Capture, OptionAnomaliesKeepThePacket) {
  const std::pair<size_t, DecodeEvent> cases[] = {
      {8, DecodeEvent::Ipv4OptUnknown}, {9, DecodeEvent::Ipv4OptDuplicate}, {10, DecodeEvent::Ipv4OptPadRequired},
      {11, DecodeEvent::Ipv4Icmpv6}};
  for (const auto& [index, event] : cases) {
    bool usable = false;
    const Packet pkt = decode(index, &usable);
    EXPECT_TRUE(usable) << index;
    EXPECT_TRUE(pkt.events.has(event)) << index;
  }
}

TEST_F(Ipv4Capture, EthernetTrailerIsNotPayload) {
  const Packet pkt = decode(13);
  EXPECT_EQ(pkt.ip_total_len, 30u);
  EXPECT_EQ(testing::payload_text(pkt), "hi");
}

TEST_F(Ipv4Capture, FragmentsAreMarkedNotDecoded) {
  const Packet first = decode(14);
  EXPECT_TRUE(first.is_fragment);
  EXPECT_TRUE(first.frag.more);
  EXPECT_EQ(first.frag.offset, 0);
  EXPECT_EQ(first.frag.id, 99u);
  EXPECT_EQ(first.l4, L4Proto::None);
  EXPECT_EQ(first.payload.size(), 16u);
  const Packet last = decode(15);
  EXPECT_TRUE(last.is_fragment);
  EXPECT_FALSE(last.frag.more);
  EXPECT_EQ(last.frag.offset, 24);
  EXPECT_EQ(decoder.stats().fragments, 2u);
}

}  // namespace
}  // namespace rampart::decode
