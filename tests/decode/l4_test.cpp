// TCP, UDP, ICMPv4 and ICMPv6 decoding and their anomaly events.
#include <gtest/gtest.h>

#include "capture_frames.hpp"

namespace rampart::decode {
namespace {

using testing::CaptureFrames;
using testing::decode_frame;

class TransportCapture : public ::testing::Test {
 protected:
  Packet decode(size_t index) { return decode_frame(decoder, frames, index); }
  CaptureFrames frames{"l4.pcap"};
  Decoder decoder;
};

TEST_F(TransportCapture, MalformedHeadersRaiseTheirEvents) {
  const std::pair<size_t, DecodeEvent> cases[] = {
      {0, DecodeEvent::TcpInvalidOptlen},   {1, DecodeEvent::TcpPktTooSmall},
      {2, DecodeEvent::TcpHlenTooSmall},    {6, DecodeEvent::UdpHlenTooSmall},
      {7, DecodeEvent::UdpPktTooSmall},     {8, DecodeEvent::UdpLenInvalid},
      {9, DecodeEvent::Icmpv4PktTooSmall},
  };
  for (const auto& [index, event] : cases) {
    const Packet pkt = decode(index);
    EXPECT_EQ(pkt.l4, L4Proto::None) << index;
    EXPECT_EQ(pkt.ip_version, 4) << index;
    ASSERT_EQ(pkt.events.size(), 1u) << index;
    EXPECT_EQ(pkt.events[0], event) << index << " raised " << event_name(pkt.events[0]);
  }
}

TEST_F(TransportCapture, TcpOptionAnomalies) {
  const Packet bad_len = decode(3);
  EXPECT_TRUE(bad_len.events.has(DecodeEvent::TcpOptInvalidLen));
  EXPECT_FALSE(bad_len.tcp_opts.has_mss);
  EXPECT_EQ(bad_len.l4, L4Proto::Tcp);
  const Packet duplicate = decode(4);
  EXPECT_TRUE(duplicate.events.has(DecodeEvent::TcpOptDuplicate));
  EXPECT_EQ(duplicate.tcp_opts.mss, 1460);
}

TEST_F(TransportCapture, FastOpenOptionInBothForms) {
  EXPECT_TRUE(decode(25).tcp_opts.tfo);
  EXPECT_TRUE(decode(26).tcp_opts.tfo);
  EXPECT_FALSE(decode(18).tcp_opts.tfo);
}

// The packet a destination unreachable quotes, whose flow the error belongs to.
TEST_F(TransportCapture, DestinationUnreachableQuotesItsPacket) {
  const Packet pkt = decode(27);
  ASSERT_TRUE(pkt.icmp_quoted.present);
  EXPECT_EQ(pkt.icmp_quoted.proto, 6);
  EXPECT_EQ(pkt.icmp_quoted.src, *IpAddress::parse("10.0.0.9"));
  EXPECT_EQ(pkt.icmp_quoted.dst, *IpAddress::parse("10.0.0.7"));
  EXPECT_EQ(pkt.icmp_quoted.src_port, 1470);
  EXPECT_EQ(pkt.icmp_quoted.dst_port, 25);
  EXPECT_FALSE(decode(28).icmp_quoted.present);
}

TEST_F(TransportCapture, BadTcpChecksumIsFlagged) {
  const Packet pkt = decode(5);
  EXPECT_EQ(pkt.l4, L4Proto::Tcp);
  EXPECT_TRUE(pkt.l4_checksum_bad);
}

TEST_F(TransportCapture, SackBlocksAndTimestamps) {
  const Packet pkt = decode(18);
  EXPECT_TRUE(pkt.events.empty());
  EXPECT_TRUE(pkt.tcp_opts.has_sack);
  EXPECT_EQ(pkt.tcp_opts.sack_blocks, 2);
  EXPECT_EQ(pkt.tcp_opts.ts_value, 5u);
  EXPECT_EQ(pkt.tcp_opts.ts_echo, 6u);
  EXPECT_EQ(pkt.tcp_flags, tcp_flag::kAck);
}

TEST_F(TransportCapture, Icmpv4TypesAndCodes) {
  EXPECT_TRUE(decode(10).events.has(DecodeEvent::Icmpv4UnknownType));
  EXPECT_TRUE(decode(11).events.has(DecodeEvent::Icmpv4UnknownCode));
  EXPECT_TRUE(decode(12).events.has(DecodeEvent::Icmpv4Ipv4TruncPkt));
  const Packet unreachable = decode(19);
  EXPECT_TRUE(unreachable.events.empty());
  EXPECT_EQ(unreachable.icmp_type, 3);
  EXPECT_EQ(unreachable.icmp_code, 1);
  EXPECT_EQ(unreachable.payload.size(), 28u);
}

TEST_F(TransportCapture, Icmpv6TypesAndCodes) {
  EXPECT_TRUE(decode(13).events.has(DecodeEvent::Icmpv6UnassignedType));
  EXPECT_TRUE(decode(14).events.has(DecodeEvent::Icmpv6ExperimentationType));
  EXPECT_TRUE(decode(15).events.has(DecodeEvent::Icmpv6MldMessageWithInvalidHl));
  EXPECT_TRUE(decode(16).events.has(DecodeEvent::Icmpv6UnknownCode));
  const Packet icmpv4_in_v6 = decode(17);
  EXPECT_TRUE(icmpv4_in_v6.events.has(DecodeEvent::Ipv6Icmpv4));
  EXPECT_EQ(icmpv4_in_v6.l4, L4Proto::None);
}

// As Suricata, timestamps and router address entries belong to the ICMP header
// (icmpv4.hdr); the payload starts after them.
TEST_F(TransportCapture, IcmpTimestampsAndRouterEntriesArePartOfTheHeader) {
  auto payload_of = [](const Packet& p) { return std::string(p.payload.begin(), p.payload.end()); };
  const Packet timestamp = decode(22);
  EXPECT_TRUE(timestamp.events.empty());
  EXPECT_EQ(payload_of(timestamp), "tail");
  const Packet advert = decode(23);
  EXPECT_TRUE(advert.events.empty());
  EXPECT_EQ(payload_of(advert), "tail");
  const Packet short_reply = decode(24);
  EXPECT_TRUE(short_reply.events.has(DecodeEvent::Icmpv4Ipv4TruncPkt));
  EXPECT_EQ(short_reply.payload.size(), 4u);
}

TEST_F(TransportCapture, EspCarriesItsSpiAndAnEncryptedPayload) {
  const Packet v4 = decode(20);
  EXPECT_TRUE(v4.events.empty());
  EXPECT_EQ(v4.l4, L4Proto::Esp);
  EXPECT_EQ(v4.esp_spi, 0x1234ABCDu);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(v4.payload.data()), v4.payload.size()), "sealed");
  const Packet short_header = decode(21);
  EXPECT_EQ(short_header.l4, L4Proto::None);
  EXPECT_TRUE(short_header.events.has(DecodeEvent::EspPktTooSmall));
  EXPECT_EQ(decoder.stats().esp, 2u);
}

TEST_F(TransportCapture, EventsAreCountedInStats) {
  for (size_t i = 0; i < frames.size(); ++i) decode(i);
  const auto& counts = decoder.stats().events;
  EXPECT_EQ(counts[static_cast<size_t>(DecodeEvent::TcpOptInvalidLen)], 1u);
  EXPECT_EQ(counts[static_cast<size_t>(DecodeEvent::UdpLenInvalid)], 1u);
  EXPECT_EQ(decoder.stats().pkts, frames.size());
  EXPECT_EQ(decoder.stats().invalid, 0u);  // every frame still has its IP layer
}

}  // namespace
}  // namespace rampart::decode
