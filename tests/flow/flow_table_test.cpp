#include "flow/flow_table.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rampart::flow {
namespace {

decode::Packet packet(const char* src, uint16_t sport, const char* dst, uint16_t dport, uint64_t ts_sec,
                      uint8_t proto = 17) {
  decode::Packet p;
  p.ip_version = 4;
  p.src = *IpAddress::parse(src);
  p.dst = *IpAddress::parse(dst);
  p.src_port = sport;
  p.dst_port = dport;
  p.ip_proto = proto;
  p.l4 = proto == 6 ? decode::L4Proto::Tcp : decode::L4Proto::Udp;
  p.ts_usec = ts_sec * 1'000'000;
  return p;
}

struct Ended {
  std::vector<std::pair<uint16_t, EndReason>> flows;  // client port, reason
  FlowTable::EndHandler handler() {
    return [this](Flow& f, EndReason r) { flows.emplace_back(f.client_port, r); };
  }
};

TEST(FlowKey, IsTheSameInBothDirections) {
  auto a = packet("10.0.0.1", 1000, "10.0.0.2", 53, 1), b = packet("10.0.0.2", 53, "10.0.0.1", 1000, 1);
  EXPECT_EQ(make_flow_key(a), make_flow_key(b));
  EXPECT_EQ(hash_flow_key(make_flow_key(a)), hash_flow_key(make_flow_key(b)));
  auto c = packet("10.0.0.1", 1001, "10.0.0.2", 53, 1);
  EXPECT_NE(make_flow_key(a), make_flow_key(c));
  auto vlan = a;
  vlan.vlan_ids[0] = 7;
  vlan.vlan_count = 1;
  EXPECT_NE(make_flow_key(a), make_flow_key(vlan));
}

TEST(FlowKey, IcmpRequestAndReplyShareAFlowButARequestTheOtherWayDoesNot) {
  auto icmp = [](const char* src, const char* dst, uint8_t type) {
    auto p = packet(src, 0, dst, 0, 1, 1);
    p.l4 = decode::L4Proto::Icmp;
    p.icmp_type = type;
    return p;
  };
  auto request = make_flow_key(icmp("1.1.1.1", "2.2.2.2", 8));
  EXPECT_EQ(request, make_flow_key(icmp("2.2.2.2", "1.1.1.1", 0)));
  EXPECT_NE(request, make_flow_key(icmp("2.2.2.2", "1.1.1.1", 8)));
  EXPECT_NE(request, make_flow_key(icmp("1.1.1.1", "2.2.2.2", 0)));
}

TEST(FlowKey, AnEspFlowIsOneSpiInOneDirection) {
  auto esp = [](const char* src, const char* dst, uint32_t spi) {
    auto p = packet(src, 0, dst, 0, 1, 50);
    p.l4 = decode::L4Proto::Esp;
    p.esp_spi = spi;
    return p;
  };
  auto sa = make_flow_key(esp("2.2.2.2", "1.1.1.1", 0x00010203));
  EXPECT_EQ(sa, make_flow_key(esp("2.2.2.2", "1.1.1.1", 0x00010203)));
  EXPECT_EQ(sa.esp_spi(), 0x00010203u);
  EXPECT_NE(sa, make_flow_key(esp("2.2.2.2", "1.1.1.1", 0x00010204)));
  EXPECT_NE(sa, make_flow_key(esp("1.1.1.1", "2.2.2.2", 0x00010203)));
}

TEST(FlowKey, LeavesVlanOutWhenNotUsedForTracking) {
  auto a = packet("10.0.0.1", 1000, "10.0.0.2", 53, 1);
  auto tagged = a;
  tagged.vlan_ids[0] = 7;
  tagged.vlan_count = 1;
  EXPECT_EQ(make_flow_key(a, {.vlan = false}), make_flow_key(tagged, {.vlan = false}));
}

TEST(FlowTable, FindsTheFlowFromEitherDirectionAndKnowsWhoStartedIt) {
  Ended ended;
  FlowTable table({}, ended.handler());
  auto first = table.lookup(packet("10.0.0.1", 1000, "10.0.0.2", 53, 1));
  EXPECT_TRUE(first.created);
  EXPECT_EQ(first.dir, Direction::ToServer);
  auto reply = table.lookup(packet("10.0.0.2", 53, "10.0.0.1", 1000, 1));
  EXPECT_FALSE(reply.created);
  EXPECT_EQ(reply.flow, first.flow);
  EXPECT_EQ(reply.dir, Direction::ToClient);
  EXPECT_EQ(table.active(), 1u);
}

// An ICMPv4 destination unreachable that quotes a packet of a known flow.
decode::Packet icmp_error(const char* from, const char* to, const decode::Packet& quoted) {
  decode::Packet p = packet(from, 0, to, 0, 2, 1);
  p.l4 = decode::L4Proto::Icmp;
  p.icmp_type = 3;
  p.icmp_quoted = {.present = true, .proto = quoted.ip_proto, .src = quoted.src, .dst = quoted.dst,
                   .src_port = quoted.src_port, .dst_port = quoted.dst_port};
  return p;
}

// As Suricata: the error belongs to the flow whose packet it quotes, toward the
// client unless the client's address sent it; without that flow it is a flow of its own.
TEST(FlowTable, IcmpErrorJoinsTheFlowItQuotes) {
  Ended ended;
  FlowTable table({}, ended.handler());
  const auto request = packet("10.0.0.1", 1000, "10.0.0.2", 80, 1, 6);
  auto tcp = table.lookup(request);
  auto error = table.lookup(icmp_error("192.168.1.1", "10.0.0.1", request));
  EXPECT_FALSE(error.created);
  EXPECT_EQ(error.flow, tcp.flow);
  EXPECT_EQ(error.dir, Direction::ToClient);
  const auto other = packet("10.0.0.1", 1001, "10.0.0.2", 80, 1, 6);
  auto unknown = table.lookup(icmp_error("192.168.1.1", "10.0.0.1", other));
  EXPECT_TRUE(unknown.created);
  EXPECT_EQ(unknown.flow->ip_proto, 1);
  EXPECT_EQ(make_quoted_flow_key(icmp_error("192.168.1.1", "10.0.0.1", request)), make_flow_key(request));
  EXPECT_FALSE(make_quoted_flow_key(request).has_value());
}

TEST(FlowTable, ExpiresIdleFlowsByProtocolAndStateTimeouts) {
  Ended ended;
  FlowConfig config;
  config.udp = {30, 300, 0};
  FlowTable table(config, ended.handler());
  auto a = table.lookup(packet("10.0.0.1", 1, "10.0.0.2", 2, 100));
  auto b = table.lookup(packet("10.0.0.1", 3, "10.0.0.2", 4, 110));
  table.set_state(*b.flow, FlowState::Established);
  (void)a;
  table.expire(129'000'000);
  EXPECT_TRUE(ended.flows.empty());
  table.expire(131'000'000);  // a: new, idle 31 s > 30 s
  ASSERT_EQ(ended.flows.size(), 1u);
  EXPECT_EQ(ended.flows[0], std::make_pair(uint16_t{1}, EndReason::Timeout));
  table.expire(400'000'000);  // b: established, idle 290 s < 300 s
  EXPECT_EQ(ended.flows.size(), 1u);
  table.expire(411'000'000);
  EXPECT_EQ(ended.flows.size(), 2u);
  EXPECT_EQ(table.stats().timeouts, 2u);
  EXPECT_EQ(table.active(), 0u);
}

TEST(FlowTable, EvictsTheLeastRecentlySeenFlowAtTheCap) {
  Ended ended;
  FlowConfig config;
  config.memcap = 1;  // the table keeps its minimum of 16 flows
  FlowTable table(config, ended.handler());
  for (uint16_t port = 1; port <= 16; ++port) table.lookup(packet("10.0.0.1", port, "10.0.0.2", 9, port));
  table.lookup(packet("10.0.0.1", 1, "10.0.0.2", 9, 20));  // port 1 seen again: port 2 is now the oldest
  table.lookup(packet("10.0.0.1", 100, "10.0.0.2", 9, 21));
  ASSERT_EQ(ended.flows.size(), 1u);
  EXPECT_EQ(ended.flows[0], std::make_pair(uint16_t{2}, EndReason::Forced));
  EXPECT_TRUE(table.emergency());
  EXPECT_EQ(table.stats().emergency_entered, 1u);
  EXPECT_EQ(table.active(), 16u);
}

TEST(FlowTable, SurvivesChurnWithoutLosingFlows) {
  Ended ended;
  FlowTable table({}, ended.handler());
  // Many inserts and expiries exercise index growth and backward-shift deletion.
  for (uint64_t round = 0; round < 5; ++round) {
    for (uint16_t port = 1; port <= 3000; ++port)
      table.lookup(packet("10.0.0.1", port, "10.0.0.2", static_cast<uint16_t>(round + 1), round * 100));
    for (uint16_t port = 1; port <= 3000; ++port) {
      auto again = table.lookup(packet("10.0.0.2", static_cast<uint16_t>(round + 1), "10.0.0.1", port, round * 100));
      ASSERT_FALSE(again.created) << "round " << round << " port " << port;
    }
    table.expire((round * 100 + 31) * 1'000'000);
    EXPECT_EQ(table.active(), 0u);
  }
  EXPECT_EQ(ended.flows.size(), 15000u);
}

TEST(FlowTable, DrainEndsEveryFlowInOrderOfActivity) {
  Ended ended;
  FlowTable table({}, ended.handler());
  table.lookup(packet("10.0.0.1", 1, "10.0.0.2", 9, 1));
  table.lookup(packet("10.0.0.1", 2, "10.0.0.2", 9, 2));
  table.lookup(packet("10.0.0.1", 1, "10.0.0.2", 9, 3));
  table.drain();
  ASSERT_EQ(ended.flows.size(), 2u);
  EXPECT_EQ(ended.flows[0].first, 2);
  EXPECT_EQ(ended.flows[1].first, 1);
  EXPECT_EQ(ended.flows[1].second, EndReason::Shutdown);
}

}  // namespace
// A flow whose initiator turns out to be the server is turned around: later
// packets of the server travel ToClient and the counters follow their sides.
TEST(Flow, ReverseSwapsTheSidesAndTheirCounters) {
  Flow f;
  auto from_server = packet("10.0.0.2", 80, "10.0.0.1", 40000, 1, 6);
  f.client = from_server.src;
  f.server = from_server.dst;
  f.client_port = 80;
  f.server_port = 40000;
  f.pkts = {3, 1};
  f.bytes = {300, 60};
  ASSERT_EQ(f.direction_of(from_server), Direction::ToServer);
  f.reverse();
  EXPECT_TRUE(f.reversed);
  EXPECT_EQ(f.direction_of(from_server), Direction::ToClient);
  EXPECT_EQ(f.client_port, 40000);
  EXPECT_EQ(f.server_port, 80);
  EXPECT_EQ(f.server, from_server.src);
  EXPECT_EQ(f.pkts, (std::array<uint64_t, 2>{1, 3}));
  EXPECT_EQ(f.bytes, (std::array<uint64_t, 2>{60, 300}));
}

}  // namespace rampart::flow
