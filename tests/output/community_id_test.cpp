// Community ID v1: a value Suricata computed (suricata-verify community-id-ipv4),
// the same value from either direction, ICMP requests paired with their replies.
#include "output/community_id.hpp"

#include <gtest/gtest.h>

namespace rampart::output {
namespace {

flow::Flow tcp_flow(const char* client, uint16_t client_port, const char* server, uint16_t server_port) {
  flow::Flow f;
  f.ip_proto = 6;
  f.client = *IpAddress::parse(client);
  f.server = *IpAddress::parse(server);
  f.client_port = client_port;
  f.server_port = server_port;
  return f;
}

std::string id_of(const flow::Flow& f, uint16_t seed) {
  std::string out;
  append_community_id(out, f, seed);
  return out;
}

flow::Flow icmp_flow(uint8_t type, const char* from, const char* to) {
  flow::Flow f;
  f.ip_proto = 1;
  f.client = *IpAddress::parse(from);
  f.server = *IpAddress::parse(to);
  f.icmp_seen[0] = true;
  f.icmp_type[0] = type;
  return f;
}

TEST(CommunityId, MatchesSuricata) {
  EXPECT_EQ(id_of(tcp_flow("172.26.0.39", 35958, "172.217.14.206", 443), 7), "1:IwiTNfuO7aCaamMijl+7/X9uLx0=");
}

TEST(CommunityId, EitherDirectionGivesTheSameValue) {
  auto forward = tcp_flow("10.0.0.9", 40000, "10.0.0.1", 80);
  auto backward = tcp_flow("10.0.0.1", 80, "10.0.0.9", 40000);
  EXPECT_EQ(id_of(forward, 0), id_of(backward, 0));
  EXPECT_NE(id_of(forward, 0), id_of(forward, 1));
  auto same_host = tcp_flow("10.0.0.1", 5000, "10.0.0.1", 80);
  auto same_host_back = tcp_flow("10.0.0.1", 80, "10.0.0.1", 5000);
  EXPECT_EQ(id_of(same_host, 0), id_of(same_host_back, 0));
}

TEST(CommunityId, IcmpEchoRequestAndReplyShareTheirValue) {
  EXPECT_EQ(id_of(icmp_flow(8, "10.0.0.9", "10.0.0.1"), 0), id_of(icmp_flow(0, "10.0.0.1", "10.0.0.9"), 0));
  // A type without a counterpart is one-way: its direction is kept.
  EXPECT_NE(id_of(icmp_flow(3, "10.0.0.9", "10.0.0.1"), 0), id_of(icmp_flow(3, "10.0.0.1", "10.0.0.9"), 0));
}

}  // namespace
}  // namespace rampart::output
