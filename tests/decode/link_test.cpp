// Link types and link-level encapsulations: Ethernet, VLAN/QinQ, MPLS, PPPoE,
// ARP, SLL, SLL2, raw IP, BSD null/loop.
#include <gtest/gtest.h>

#include "capture_frames.hpp"

namespace rampart::decode {
namespace {

using testing::CaptureFrames;
using testing::decode_frame;

class EthernetCapture : public ::testing::Test {
 protected:
  Packet decode(size_t index, bool* usable = nullptr) { return decode_frame(decoder, frames, index, usable); }
  CaptureFrames frames{"link_ethernet.pcap"};
  Decoder decoder;
};

TEST_F(EthernetCapture, DecodesIpv4TcpSynWithOptions) {
  bool usable = false;
  const Packet pkt = decode(0, &usable);
  EXPECT_TRUE(usable);
  EXPECT_TRUE(pkt.has_ethernet);
  EXPECT_EQ(pkt.ether_type, 0x0800);
  EXPECT_EQ(pkt.src_mac, (std::array<uint8_t, 6>{0x00, 0x11, 0x22, 0x33, 0x44, 0x55}));
  EXPECT_EQ(pkt.ip_version, 4);
  EXPECT_EQ(pkt.src.to_string(), "10.0.0.1");
  EXPECT_EQ(pkt.dst.to_string(), "10.0.0.2");
  EXPECT_EQ(pkt.ttl, 63);
  EXPECT_EQ(pkt.ip_id, 0x4242);
  EXPECT_EQ(pkt.ip_offset, 14u);
  EXPECT_EQ(pkt.ip_hlen, 20);
  EXPECT_EQ(pkt.l4, L4Proto::Tcp);
  EXPECT_EQ(pkt.src_port, 40000);
  EXPECT_EQ(pkt.dst_port, 80);
  EXPECT_EQ(pkt.tcp_seq, 1000u);
  EXPECT_EQ(pkt.tcp_flags, tcp_flag::kSyn);
  EXPECT_TRUE(pkt.tcp_opts.has_mss);
  EXPECT_EQ(pkt.tcp_opts.mss, 1460);
  EXPECT_TRUE(pkt.tcp_opts.has_wscale);
  EXPECT_EQ(pkt.tcp_opts.wscale, 7);
  EXPECT_TRUE(pkt.tcp_opts.sack_permitted);
  EXPECT_TRUE(pkt.tcp_opts.has_timestamp);
  EXPECT_EQ(pkt.tcp_opts.ts_value, 1u);
  EXPECT_EQ(pkt.tcp_opts.ts_echo, 2u);
  EXPECT_FALSE(pkt.l4_checksum_bad);
  EXPECT_FALSE(pkt.ipv4_checksum_bad);
  EXPECT_TRUE(pkt.events.empty());
  EXPECT_TRUE(testing::spans_inside_frame(pkt));
}

TEST_F(EthernetCapture, DecodesUdpIcmpAndIpv6) {
  const Packet udp = decode(1);
  EXPECT_EQ(udp.l4, L4Proto::Udp);
  EXPECT_EQ(udp.dst_port, 53);
  EXPECT_EQ(testing::payload_text(udp), "abc");
  EXPECT_FALSE(udp.l4_checksum_bad);

  const Packet icmp = decode(2);
  EXPECT_EQ(icmp.l4, L4Proto::Icmp);
  EXPECT_EQ(icmp.icmp_type, 8);
  EXPECT_EQ(icmp.icmp_id, 0x1234);
  EXPECT_EQ(icmp.icmp_seq, 7);
  EXPECT_EQ(testing::payload_text(icmp), "ping");

  const Packet tcp6 = decode(3);
  EXPECT_EQ(tcp6.ip_version, 6);
  EXPECT_EQ(tcp6.src.to_string(), "2001:0db8:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(tcp6.l4, L4Proto::Tcp);
  EXPECT_FALSE(tcp6.l4_checksum_bad);

  const Packet icmp6 = decode(4);
  EXPECT_EQ(icmp6.l4, L4Proto::Icmpv6);
  EXPECT_EQ(icmp6.icmp_type, 128);
  EXPECT_EQ(icmp6.icmp_id, 5);
  EXPECT_EQ(icmp6.icmp_seq, 9);
  EXPECT_FALSE(icmp6.l4_checksum_bad);
  EXPECT_EQ(decoder.stats().ipv4, 2u);
  EXPECT_EQ(decoder.stats().ipv6, 2u);
  EXPECT_EQ(decoder.stats().icmpv6, 1u);
}

TEST_F(EthernetCapture, RecordsVlanAndQinqIds) {
  const Packet one = decode(5);
  EXPECT_EQ(one.vlan_count, 1);
  EXPECT_EQ(one.vlan_ids[0], 100);
  EXPECT_EQ(one.l4, L4Proto::Udp);

  const Packet two = decode(6);
  EXPECT_EQ(two.vlan_count, 2);
  EXPECT_EQ(two.vlan_ids[0], 10);
  EXPECT_EQ(two.vlan_ids[1], 20);
  EXPECT_EQ(two.l4, L4Proto::Tcp);

  const Packet old_qinq = decode(26);
  EXPECT_EQ(old_qinq.vlan_ids[0], 30);
  EXPECT_EQ(old_qinq.l4, L4Proto::Udp);
  EXPECT_EQ(decoder.stats().vlan, 3u);
  EXPECT_EQ(decoder.stats().vlan_qinq, 1u);
}

TEST_F(EthernetCapture, FourthVlanTagIsTooMany) {
  bool usable = true;
  const Packet pkt = decode(7, &usable);
  EXPECT_FALSE(usable);
  EXPECT_EQ(pkt.vlan_count, 3);
  EXPECT_TRUE(pkt.events.has(DecodeEvent::VlanTooManyLayers));
  EXPECT_EQ(decoder.stats().invalid, 1u);
  EXPECT_EQ(decoder.stats().events[static_cast<size_t>(DecodeEvent::VlanTooManyLayers)], 1u);
}

TEST_F(EthernetCapture, ArpIsCountedButNotInvalid) {
  bool usable = true;
  const Packet pkt = decode(8, &usable);
  EXPECT_FALSE(usable);
  EXPECT_TRUE(pkt.events.empty());
  EXPECT_EQ(decoder.stats().arp, 1u);
  EXPECT_EQ(decoder.stats().invalid, 0u);
}

TEST_F(EthernetCapture, MalformedLinkHeadersRaiseEvents) {
  EXPECT_TRUE(decode(9).events.has(DecodeEvent::EthernetPktTooSmall));
  EXPECT_TRUE(decode(10).events.has(DecodeEvent::EthernetUnknownEthertype));
  const Packet vlan_unknown = decode(11);
  EXPECT_TRUE(vlan_unknown.events.has(DecodeEvent::VlanUnknownType));
  EXPECT_TRUE(decode(24).events.has(DecodeEvent::VlanHeaderTooSmall));
  EXPECT_TRUE(decode(25).events.has(DecodeEvent::MplsHeaderTooSmall));
  EXPECT_EQ(decoder.stats().invalid, 5u);
  EXPECT_EQ(decoder.stats().pkts, 5u);
}

TEST_F(EthernetCapture, DecodesMplsStacksAndPseudowires) {
  const Packet one = decode(12);
  EXPECT_EQ(one.ip_version, 4);
  EXPECT_EQ(one.l4, L4Proto::Udp);
  const Packet two = decode(13);
  EXPECT_EQ(two.ip_version, 6);
  EXPECT_EQ(two.l4, L4Proto::Udp);
  const Packet pw = decode(14);
  EXPECT_EQ(pw.src.to_string(), "10.9.9.9");
  EXPECT_EQ(pw.l4, L4Proto::Udp);
  const Packet explicit_null = decode(27);
  EXPECT_EQ(explicit_null.ip_version, 4);
  EXPECT_EQ(decoder.stats().mpls, 4u);
}

TEST_F(EthernetCapture, MplsReservedLabelsRaiseEvents) {
  EXPECT_TRUE(decode(15).events.has(DecodeEvent::MplsBadLabelRouterAlert));
  EXPECT_TRUE(decode(16).events.has(DecodeEvent::MplsBadLabelImplicitNull));
  EXPECT_TRUE(decode(17).events.has(DecodeEvent::MplsBadLabelReserved));
  EXPECT_TRUE(decode(18).events.has(DecodeEvent::MplsUnknownPayloadType));
}

TEST_F(EthernetCapture, DecodesPppoe) {
  const Packet v4 = decode(19);
  EXPECT_EQ(v4.ip_version, 4);
  EXPECT_EQ(v4.l4, L4Proto::Tcp);
  const Packet v6 = decode(20);
  EXPECT_EQ(v6.ip_version, 6);
  EXPECT_EQ(v6.l4, L4Proto::Udp);
  EXPECT_EQ(decoder.stats().pppoe, 2u);

  bool usable = true;
  const Packet padi = decode(21, &usable);
  EXPECT_FALSE(usable);
  EXPECT_TRUE(padi.events.empty());
  EXPECT_EQ(decoder.stats().pppoe_discovery, 1u);
  EXPECT_EQ(decoder.stats().invalid, 0u);

  EXPECT_TRUE(decode(22).events.has(DecodeEvent::PppoeMalformedTags));
  EXPECT_TRUE(decode(23).events.has(DecodeEvent::PppUnsupProto));
}

TEST_F(EthernetCapture, DecodesPppWithAOneByteProtocolField) {
  const Packet v4 = decode(28);
  EXPECT_TRUE(v4.events.empty());
  EXPECT_EQ(v4.ip_version, 4);
  EXPECT_EQ(v4.l4, L4Proto::Tcp);
}

Packet decode_only(const char* file, size_t index, Decoder& decoder, bool* usable = nullptr) {
  const CaptureFrames frames(file);
  return decode_frame(decoder, frames, index, usable);
}

TEST(LinuxCooked, DecodesSllAndSll2) {
  Decoder decoder;
  const Packet sll = decode_only("link_sll.pcap", 0, decoder);
  EXPECT_EQ(sll.ip_version, 4);
  EXPECT_EQ(sll.l4, L4Proto::Udp);
  EXPECT_EQ(sll.ip_offset, 16u);
  EXPECT_EQ(decode_only("link_sll.pcap", 1, decoder).ip_version, 6);
  EXPECT_TRUE(decode_only("link_sll.pcap", 2, decoder).events.has(DecodeEvent::SllPktTooSmall));
  const Packet vlan = decode_only("link_sll.pcap", 3, decoder);
  EXPECT_EQ(vlan.vlan_ids[0], 9);
  EXPECT_EQ(vlan.l4, L4Proto::Udp);

  const Packet sll2 = decode_only("link_sll2.pcap", 0, decoder);
  EXPECT_EQ(sll2.l4, L4Proto::Tcp);
  EXPECT_EQ(sll2.ip_offset, 20u);
  EXPECT_EQ(decode_only("link_sll2.pcap", 1, decoder).ip_version, 6);
  EXPECT_TRUE(decode_only("link_sll2.pcap", 2, decoder).events.has(DecodeEvent::SllPktTooSmall));
  EXPECT_EQ(decoder.stats().sll, 4u);
  EXPECT_EQ(decoder.stats().sll2, 3u);
}

TEST(RawIp, DecodesByVersionNibble) {
  Decoder decoder;
  const Packet v4 = decode_only("link_raw.pcap", 0, decoder);
  EXPECT_EQ(v4.ip_version, 4);
  EXPECT_EQ(v4.ip_offset, 0u);
  EXPECT_EQ(decode_only("link_raw.pcap", 1, decoder).ip_version, 6);
  bool usable = true;
  EXPECT_TRUE(decode_only("link_raw.pcap", 2, decoder, &usable).events.has(DecodeEvent::IprawInvalidIpVersion));
  EXPECT_FALSE(usable);
  EXPECT_EQ(decode_only("link_ipv4.pcap", 0, decoder).l4, L4Proto::Udp);
  EXPECT_EQ(decode_only("link_ipv6.pcap", 0, decoder).ip_version, 6);
  EXPECT_EQ(decoder.stats().raw, 5u);
}

TEST(CiscoHdlc, DecodesTheEtherTypeAfterTheFourByteHeader) {
  Decoder decoder;
  const Packet v4 = decode_only("link_chdlc.pcap", 0, decoder);
  EXPECT_EQ(v4.l4, L4Proto::Udp);
  EXPECT_EQ(v4.ip_offset, 4u);
  EXPECT_EQ(decode_only("link_chdlc.pcap", 1, decoder).ip_version, 6);
  EXPECT_TRUE(decode_only("link_chdlc.pcap", 2, decoder).events.has(DecodeEvent::ChdlcPktTooSmall));
  EXPECT_EQ(decoder.stats().chdlc, 3u);
  EXPECT_EQ(link_type_name(LinkType::Chdlc), "C_HDLC");
  EXPECT_EQ(link_type_name(LinkType::Ipv4), "IPv4");
}

TEST(BsdLoopback, DecodesBothByteOrdersAndIpv6Families) {
  Decoder decoder;
  EXPECT_EQ(decode_only("link_null.pcap", 0, decoder).ip_version, 4);
  EXPECT_EQ(decode_only("link_null.pcap", 1, decoder).ip_version, 6);
  EXPECT_EQ(decode_only("link_null.pcap", 2, decoder).ip_version, 6);
  EXPECT_TRUE(decode_only("link_null.pcap", 3, decoder).events.has(DecodeEvent::LtnullUnsupportedType));
  EXPECT_TRUE(decode_only("link_null.pcap", 4, decoder).events.has(DecodeEvent::LtnullPktTooSmall));
  EXPECT_EQ(decode_only("link_null.pcap", 5, decoder).ip_version, 4);
  EXPECT_EQ(decode_only("link_loop.pcap", 0, decoder).l4, L4Proto::Udp);
  EXPECT_EQ(decode_only("link_loop.pcap", 1, decoder).ip_version, 6);
  EXPECT_EQ(decoder.stats().null, 8u);
}

TEST(DecoderReuse, ClearsFieldsOfThePreviousPacket) {
  Decoder decoder;
  const CaptureFrames frames("link_ethernet.pcap");
  Packet pkt = frames.packet(6);
  ASSERT_TRUE(decoder.decode(pkt));
  ASSERT_EQ(pkt.vlan_count, 2);
  pkt.frame = frames.packet(1).frame;
  ASSERT_TRUE(decoder.decode(pkt));
  EXPECT_EQ(pkt.vlan_count, 0);
  EXPECT_EQ(pkt.l4, L4Proto::Udp);
  EXPECT_FALSE(pkt.tcp_opts.has_mss);
}

}  // namespace
}  // namespace rampart::decode
