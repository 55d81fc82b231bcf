// GRE, ERSPAN, VXLAN, Geneve and IP-in-IP: the Packet describes the innermost
// packet, Packet::tunnel the outermost endpoints.
#include <gtest/gtest.h>

#include "capture_frames.hpp"

namespace rampart::decode {
namespace {

using testing::CaptureFrames;
using testing::decode_frame;

class TunnelCapture : public ::testing::Test {
 protected:
  Packet decode(size_t index, bool* usable = nullptr) { return decode_frame(decoder, frames, index, usable); }
  CaptureFrames frames{"tunnel.pcap"};
  Decoder decoder;
};

void expect_outer_gre(const Packet& pkt) {
  EXPECT_EQ(pkt.tunnel.src.to_string(), "192.168.1.1");
  EXPECT_EQ(pkt.tunnel.dst.to_string(), "192.168.1.2");
  EXPECT_EQ(pkt.tunnel.proto, 47);
  EXPECT_EQ(pkt.tunnel.depth, 1);
}

TEST_F(TunnelCapture, GreWithKeyCarriesIpv4) {
  const Packet pkt = decode(0);
  expect_outer_gre(pkt);
  EXPECT_EQ(pkt.tunnel.id, 42u);
  EXPECT_EQ(pkt.src.to_string(), "172.16.0.1");
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
  EXPECT_EQ(testing::payload_text(pkt), "inner");
  EXPECT_EQ(pkt.ip_offset, 14u + 20 + 8);
  EXPECT_TRUE(testing::spans_inside_frame(pkt));
  EXPECT_EQ(decoder.stats().gre, 1u);
}

TEST_F(TunnelCapture, GreChecksumSequenceAndBridging) {
  const Packet v6 = decode(1);
  expect_outer_gre(v6);
  EXPECT_EQ(v6.ip_version, 6);
  EXPECT_EQ(v6.l4, L4Proto::Udp);
  const Packet bridged = decode(2);
  expect_outer_gre(bridged);
  EXPECT_EQ(bridged.src.to_string(), "172.16.1.1");
  EXPECT_EQ(bridged.l4, L4Proto::Tcp);
}

TEST_F(TunnelCapture, ErspanTypesOneToThree) {
  const Packet type2 = decode(3);
  EXPECT_EQ(type2.vlan_count, 1);
  EXPECT_EQ(type2.vlan_ids[0], 5);
  EXPECT_EQ(type2.l4, L4Proto::Tcp);
  EXPECT_EQ(decode(4).l4, L4Proto::Tcp);
  EXPECT_EQ(decode(5).l4, L4Proto::Tcp);
  EXPECT_EQ(decoder.stats().erspan, 3u);
  EXPECT_TRUE(decode(23).events.has(DecodeEvent::ErspanUnsupportedVersion));
}

TEST_F(TunnelCapture, PptpCarriesPpp) {
  const Packet pkt = decode(6);
  EXPECT_EQ(pkt.tunnel.id, 77u);  // PPTP call id
  EXPECT_EQ(pkt.src.to_string(), "172.16.0.1");
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
}

TEST_F(TunnelCapture, MalformedGreRaisesEvents) {
  const std::pair<size_t, DecodeEvent> cases[] = {
      {7, DecodeEvent::GreWrongVersion},   {8, DecodeEvent::GreVersion0Recur},
      {9, DecodeEvent::GreVersion1NoKey},  {10, DecodeEvent::GreVersion1Chksum},
      {11, DecodeEvent::GrePktTooSmall},   {12, DecodeEvent::GreVersion0HdrTooBig},
  };
  for (const auto& [index, event] : cases) {
    const Packet pkt = decode(index);
    ASSERT_EQ(pkt.events.size(), 1u) << index;
    EXPECT_EQ(pkt.events[0], event) << index;
    EXPECT_EQ(pkt.tunnel.depth, 0) << index;
    EXPECT_EQ(pkt.src.to_string(), "192.168.1.1") << index;
  }
}

TEST_F(TunnelCapture, VxlanKeepsOuterPortsAndVni) {
  const Packet pkt = decode(13);
  EXPECT_EQ(pkt.tunnel.proto, 17);
  EXPECT_EQ(pkt.tunnel.id, 1000u);
  EXPECT_EQ(pkt.tunnel.src_port, 55555);
  EXPECT_EQ(pkt.tunnel.dst_port, 4789);
  EXPECT_EQ(pkt.src.to_string(), "172.16.1.1");
  EXPECT_EQ(pkt.l4, L4Proto::Tcp);
  EXPECT_EQ(pkt.src_port, 1111);
  EXPECT_EQ(decoder.stats().vxlan, 1u);

  const Packet not_vxlan = decode(22);  // no VNI flag: plain UDP
  EXPECT_EQ(not_vxlan.tunnel.depth, 0);
  EXPECT_EQ(not_vxlan.l4, L4Proto::Udp);
  EXPECT_EQ(not_vxlan.dst_port, 4789);
}

TEST_F(TunnelCapture, GeneveSkipsOptions) {
  const Packet pkt = decode(14);
  EXPECT_EQ(pkt.tunnel.id, 77u);
  EXPECT_EQ(pkt.tunnel.dst_port, 6081);
  EXPECT_EQ(pkt.ip_version, 6);
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
  EXPECT_EQ(pkt.src_port, 7);
  EXPECT_EQ(decoder.stats().geneve, 1u);
}

TEST_F(TunnelCapture, IpInIp) {
  const Packet four_in_four = decode(15);
  EXPECT_EQ(four_in_four.tunnel.proto, 4);
  EXPECT_EQ(four_in_four.src.to_string(), "10.1.1.1");
  EXPECT_EQ(four_in_four.l4, L4Proto::Tcp);
  const Packet six_in_four = decode(16);
  EXPECT_EQ(six_in_four.tunnel.proto, 41);
  EXPECT_EQ(six_in_four.ip_version, 6);
  const Packet four_in_six = decode(17);
  EXPECT_EQ(four_in_six.tunnel.src.to_string(), "2001:0db8:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(four_in_six.ip_version, 4);
  EXPECT_EQ(four_in_six.l4, L4Proto::Udp);
  const Packet six_in_six = decode(18);
  EXPECT_EQ(six_in_six.src.to_string(), "2001:0db8:0001:0000:0000:0000:0000:0001");
  EXPECT_EQ(decoder.stats().ipv4_in_ipv4, 1u);
  EXPECT_EQ(decoder.stats().ipv6_in_ipv4, 1u);
  EXPECT_EQ(decoder.stats().ipv4_in_ipv6, 1u);
  EXPECT_EQ(decoder.stats().ipv6_in_ipv6, 1u);
  EXPECT_TRUE(decode(19).events.has(DecodeEvent::Ipv6Ipv4InIpv6TooSmall));
  EXPECT_TRUE(decode(20).events.has(DecodeEvent::Ipv6Ipv6InIpv6WrongVersion));
}

TEST_F(TunnelCapture, NestingIsCapped) {
  const Packet pkt = decode(21);
  EXPECT_TRUE(pkt.events.has(DecodeEvent::TooManyLayers));
  EXPECT_EQ(pkt.tunnel.depth, DecoderConfig{}.max_tunnel_depth);
  EXPECT_EQ(decoder.stats().too_many_layers, 1u);
}

}  // namespace
}  // namespace rampart::decode
