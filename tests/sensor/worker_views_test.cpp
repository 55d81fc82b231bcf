#include <gtest/gtest.h>

#include <array>

#include "sensor/worker.hpp"

namespace rampart::sensor {
namespace {

decode::Packet client_packet(std::span<const uint8_t> payload) {
  decode::Packet pkt;
  pkt.pcap_cnt = 7;
  pkt.ip_version = 4;
  pkt.src = *IpAddress::parse("10.0.0.1");
  pkt.dst = *IpAddress::parse("10.0.0.2");
  pkt.src_port = 40000;
  pkt.dst_port = 80;
  pkt.src_mac = {1, 1, 1, 1, 1, 1};
  pkt.dst_mac = {2, 2, 2, 2, 2, 2};
  pkt.l4 = decode::L4Proto::Tcp;
  pkt.payload = payload;
  return pkt;
}

TEST(WorkerViews, OtherSideSwapsTheEndpointsAndDropsThePayload) {
  const std::array<uint8_t, 3> ack_payload{'a', 'c', 'k'};
  const decode::Packet pkt = client_packet(ack_payload);
  const decode::Packet view = seen_from_other_side(pkt);
  EXPECT_EQ(view.src, pkt.dst);
  EXPECT_EQ(view.dst, pkt.src);
  EXPECT_EQ(view.src_port, 80);
  EXPECT_EQ(view.dst_port, 40000);
  EXPECT_EQ(view.src_mac, pkt.dst_mac);
  EXPECT_TRUE(view.payload.empty()) << "the packet's own bytes are not the other side's";
  EXPECT_EQ(view.pcap_cnt, 7u) << "still the packet whose ACK handed the bytes over";
  EXPECT_FALSE(view.pseudo);
}

TEST(WorkerViews, FlowEndPseudoPacketCarriesTheBytesInTheirDirection) {
  flow::Flow f;
  f.ip_version = 4;
  f.ip_proto = 6;
  f.client = *IpAddress::parse("10.0.0.1");
  f.server = *IpAddress::parse("10.0.0.2");
  f.client_port = 40000;
  f.server_port = 80;
  const std::array<uint8_t, 4> reply{'H', 'T', 'T', 'P'};
  const decode::Packet pseudo = pseudo_packet(f, stream::Direction::ToClient, reply);
  EXPECT_TRUE(pseudo.pseudo);
  EXPECT_EQ(pseudo.src, f.server);
  EXPECT_EQ(pseudo.src_port, 80);
  EXPECT_EQ(pseudo.dst_port, 40000);
  EXPECT_EQ(pseudo.payload.size(), reply.size());
  EXPECT_EQ(f.direction_of(pseudo), stream::Direction::ToClient);
}

}  // namespace
}  // namespace rampart::sensor
