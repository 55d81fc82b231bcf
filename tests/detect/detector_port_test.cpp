// Packet rules are grouped by the server's port; rules without a fast pattern (or
// with a very short one and a few ports) are checked only on the packets and
// transactions their ports allow, with the same alerts as checking them everywhere;
// dotprefix rules are prefiltered on the untransformed buffer; prefilter literals
// are cut to end in distinct bytes.
#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

using Buffers = NamedBuffers;

Detector detector_for(const std::vector<std::string>& rules) {
  Detector d;
  EXPECT_TRUE(d.use(rule_set(rules)).has_value());
  return d;
}

TEST(DetectorPorts, UnfilteredPacketRulesAreCheckedOnTheirPortsOnly) {
  auto d = detector_for({
      R"(alert tcp any any -> any 53 (msg:"syn to 53"; flags:S; sid:1;))",
      R"(alert udp any 53 -> any any (msg:"big answer"; dsize:>4; sid:2;))",
      R"(alert tcp any any <> any 22 (msg:"ssh either way"; dsize:>0; sid:3;))",
      R"(alert tcp any any -> any any (msg:"any port"; dsize:>1000; sid:4;))",
  });
  EXPECT_EQ(d.rules()->stats().unfiltered, 4u);
  std::vector<Alert> out;
  auto syn = packet("", "10.0.0.1", 40000, "10.0.0.2", 53);
  syn.tcp_flags = decode::tcp_flag::kSyn;
  d.inspect_packet(PacketInput{syn, nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1}));
  EXPECT_EQ(d.stats().candidates, 2u);  // rules 1 and 4
  auto answer = packet("answer", "10.0.0.2", 53, "10.0.0.1", 40000, 17);
  d.inspect_packet(PacketInput{answer, nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{2}));
  auto ssh_reply = packet("SSH-2.0", "10.0.0.2", 22, "10.0.0.1", 40000);
  d.inspect_packet(PacketInput{ssh_reply, nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{3}));
  auto web = packet("GET /", "10.0.0.1", 40000, "10.0.0.2", 80);
  uint64_t before = d.stats().candidates;
  d.inspect_packet(PacketInput{web, nullptr, {}, {}}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(d.stats().candidates - before, 1u);  // rule 4 only
}

// An ip rule's ip_proto conditions keep it out of the transports they exclude: it is
// not even a candidate there, and still matches where they hold.
TEST(DetectorPorts, IpRulesAreCheckedOnlyUnderTheTransportsTheirIpProtoAllows) {
  auto d = detector_for({
      R"(alert ip any any -> any any (msg:"6in4"; ip_proto:41; sid:1;))",
      R"(alert ip any any -> any any (msg:"not tcp"; ip_proto:!6; dsize:>2; sid:2;))",
  });
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{packet("tcp data"), nullptr, {}, {}}, out);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(d.stats().candidates, 0u);
  d.inspect_packet(PacketInput{packet("udp data", "10.0.0.1", 40000, "10.0.0.2", 53, 17), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{2}));
  EXPECT_EQ(d.stats().candidates, 1u);
  auto tunnel = packet("", "10.0.0.1", 0, "10.0.0.2", 0, 41);
  tunnel.l4 = decode::L4Proto::None;
  d.inspect_packet(PacketInput{tunnel, nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1}));
}

// Packet rules are grouped by the server's port: the destination port of a packet
// to the server, the source port of one to the client.
class DetectorPortGroups : public ::testing::Test {
 protected:
  Detector d = detector_for({
      R"(alert tcp any any -> any 80 (msg:"to 80"; content:"attack"; sid:1;))",
      R"(alert tcp any any -> any any (msg:"any port"; content:"attack"; sid:2;))",
      R"(alert tcp any any -> any !80 (msg:"not 80"; content:"attack"; sid:3;))",
      R"(alert tcp any any -> any [25,1000:2000] (msg:"list and range"; content:"attack"; sid:4;))",
      R"(alert tcp any 80 -> any any (msg:"from 80"; flow:to_client; content:"attack"; sid:5;))",
      R"(alert tcp any 25 <> any 1500 (msg:"either way"; content:"attack"; sid:6;))",
  });
  FlowVars vars;
  uint64_t candidates = 0;

  std::vector<uint32_t> to_server(uint16_t sp, uint16_t dp) {
    return alerts(packet("an attack", "10.0.0.1", sp, "10.0.0.2", dp), nullptr);
  }
  std::vector<uint32_t> to_client(uint16_t sp, uint16_t dp) {
    auto p = packet("an attack", "10.0.0.2", sp, "10.0.0.1", dp);
    auto facts = flow_facts(p, vars, false);
    return alerts(p, &facts);
  }

 private:
  std::vector<uint32_t> alerts(const decode::Packet& p, const FlowFacts* flow) {
    std::vector<Alert> out;
    uint64_t before = d.stats().candidates;
    d.inspect_packet(PacketInput{p, flow, {}, {}}, out);
    candidates = d.stats().candidates - before;
    return sids(out);
  }
};

TEST_F(DetectorPortGroups, ARuleOnAPortIsACandidateOnItsPortOnly) {
  EXPECT_EQ(to_server(40000, 80), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(candidates, 2u);
  EXPECT_EQ(to_server(40000, 443), (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(candidates, 2u);  // not the rules on 80, 25 or 1000:2000
}

TEST_F(DetectorPortGroups, ListsRangesAndEitherWayRules) {
  EXPECT_EQ(to_server(40000, 25), (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_EQ(candidates, 4u);  // 2, 3, 4 and the <> rule on 25, whose other side fails
  EXPECT_EQ(to_server(1500, 25), (std::vector<uint32_t>{2, 3, 4, 6}));
  EXPECT_EQ(to_server(25, 1500), (std::vector<uint32_t>{2, 3, 4, 6}));
  EXPECT_EQ(to_server(40000, 1234), (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_EQ(candidates, 3u);
}

TEST_F(DetectorPortGroups, PacketsToTheClientAreGroupedByTheirSourcePort) {
  EXPECT_EQ(to_client(80, 40000), (std::vector<uint32_t>{2, 3, 5}));
  EXPECT_EQ(candidates, 5u);  // 5 and the rules whose source is any port
  EXPECT_EQ(to_client(443, 40000), (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(candidates, 4u);  // 1 to 4: not the rule from 80 nor the <> rule on 25 and 1500
}

TEST(DetectorPorts, PrefilterLiteralsEndInDistinctBytesAndStillFindEveryRule) {
  EXPECT_EQ(prefilter_literal(std::string_view("\x14\0\0\0\0\0\0\0\0", 9)), std::string_view("\x14\0\0\0", 4));
  EXPECT_EQ(prefilter_literal("User-Agent: Mozilla"), "User-Agent: Mozilla");
  EXPECT_EQ(prefilter_literal(std::string_view("ab\0\0\0\0", 6)), std::string_view("ab\0\0", 4));
  EXPECT_EQ(prefilter_literal("|xx"), "|xx");
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"zeros"; content:"|14 00 00 00 00 00 00 00 00|"; sid:1;))"});
  std::vector<Alert> out;
  constexpr std::string_view kHit("..\x14\0\0\0\0\0\0\0\0", 11), kPrefixOnly("..\x14\0\0\0\0\x01", 8);
  d.inspect_packet(PacketInput{packet(kHit), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1}));
  d.inspect_packet(PacketInput{packet(kPrefixOnly), nullptr, {}, {}}, out);
  EXPECT_TRUE(out.empty());
}

TEST(DetectorPorts, UnfilteredTransactionRulesSeeTheServerPortOnTheServerSide) {
  auto d = detector_for({
      R"(alert http any any -> any 8080 (msg:"request"; http.uri; content:!"/ok"; sid:1;))",
      R"(alert http any 8080 -> any any (msg:"response"; flow:to_client; http.stat_code; content:!"200"; sid:2;))",
  });
  FlowVars vars;
  auto p = packet("", "10.0.0.1", 40000, "10.0.0.2", 8080);
  auto facts = flow_facts(p, vars);
  facts.app_proto = "http";
  Buffers tx;
  tx.values = {{"http.uri", "/admin"}, {"http.stat_code", "404"}};
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{&p, facts, 0, tx, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2}));
  facts.server_port = 80;
  d.inspect_transaction(TransactionInput{&p, facts, 1, tx, {}}, out);
  EXPECT_TRUE(out.empty());
}

TEST(DetectorPorts, ShortFastPatternsOnAFewPortsAreCheckedByPort) {
  auto d = detector_for({
      R"(alert tcp any any -> any 111 (msg:"short, one port"; content:"|05 00|"; depth:2; sid:1;))",
      R"(alert tcp any any -> any any (msg:"short, any port"; content:"|05 00|"; depth:2; sid:2;))",
      R"(alert tcp any any -> any 111 (msg:"long, one port"; content:"portmap"; sid:3;))",
  });
  EXPECT_EQ(d.rules()->stats().unfiltered, 1u);
  EXPECT_EQ(d.rules()->stats().prefiltered, 2u);
  std::vector<Alert> out;
  constexpr std::string_view kCall("\x05\x00portmap", 9);
  d.inspect_packet(PacketInput{packet(kCall, "10.0.0.1", 40000, "10.0.0.2", 111), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2, 3}));
  d.inspect_packet(PacketInput{packet(kCall, "10.0.0.1", 40000, "10.0.0.2", 80), nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{2}));
  uint64_t before = d.stats().candidates;
  d.inspect_packet(PacketInput{packet("xx", "10.0.0.1", 40000, "10.0.0.2", 80), nullptr, {}, {}}, out);
  EXPECT_EQ(d.stats().candidates - before, 0u);
}

TEST(DetectorPorts, DotprefixRulesArePrefilteredOnTheRawBuffer) {
  auto d = detector_for({
      R"(alert dns any any -> any any (msg:"domain"; dns.query; dotprefix; content:".example.com"; nocase; endswith; sid:1;))",
      R"(alert dns any any -> any any (msg:"dot only"; dns.query; dotprefix; content:"."; sid:2;))",
  });
  EXPECT_EQ(d.rules()->stats().prefiltered, 1u);
  EXPECT_EQ(d.rules()->stats().unfiltered, 1u);
  FlowVars vars;
  auto p = packet("", "10.0.0.1", 40000, "10.0.0.2", 53, 17);
  auto facts = flow_facts(p, vars);
  facts.app_proto = "dns";
  auto alerts = [&](std::string query) {
    Buffers tx;
    tx.values = {{"dns.query", std::move(query)}};
    std::vector<Alert> out;
    d.inspect_transaction(TransactionInput{&p, facts, 0, tx, {}}, out);
    return sids(out);
  };
  EXPECT_EQ(alerts("www.Example.com"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(alerts("example.com"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(alerts("notexample.com"), (std::vector<uint32_t>{2}));
}

}  // namespace
}  // namespace rampart::detect::testing
