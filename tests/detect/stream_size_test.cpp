// stream_size: the sides and operators against a flow's sequence-space sizes;
// flow.pkts and flow.bytes against the flow's counters.
#include "detect/stream_size.hpp"

#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

StreamSizeCondition condition(std::string side, const char* op, uint64_t value) {
  auto c = parse_numeric_condition(std::string(op) + std::to_string(value), UINT32_MAX);
  EXPECT_TRUE(c.has_value());
  return {std::move(side), *c};
}

bool holds(const StreamSizeCondition& c, uint32_t client, uint32_t server) {
  FlowFacts f;
  f.tcp_sequence_sizes = std::array<uint32_t, 2>{client, server};
  return stream_sizes_hold(std::span(&c, 1), &f);
}

TEST(StreamSize, SidesAndOperators) {
  EXPECT_TRUE(holds(condition("client", ">", 100), 101, 0));
  EXPECT_FALSE(holds(condition("client", ">", 100), 100, 500));
  EXPECT_TRUE(holds(condition("server", "<", 10), 500, 9));
  EXPECT_TRUE(holds(condition("both", ">=", 5), 5, 6));
  EXPECT_FALSE(holds(condition("both", ">=", 5), 5, 4));
  EXPECT_TRUE(holds(condition("either", "=", 7), 1, 7));
  EXPECT_FALSE(holds(condition("either", "!=", 7), 7, 7));
  EXPECT_TRUE(holds(condition("server", "<=", 1), 7, 1));
}

TEST(StreamSize, NeedsATcpSession) {
  auto c = condition("client", "<", 1000);
  FlowFacts udp;
  EXPECT_FALSE(stream_sizes_hold(std::span(&c, 1), &udp));
  EXPECT_FALSE(stream_sizes_hold(std::span(&c, 1), nullptr));
  EXPECT_TRUE(stream_sizes_hold({}, nullptr));
}

TEST(StreamSize, RuleIsActiveAndEvaluatedByTheEngine) {
  std::vector<InactiveRule> inactive;
  Detector d;
  ASSERT_TRUE(d.use(rule_set({R"(alert tcp any any -> any any (msg:"big upload"; flow:to_server; stream_size:client,>,1000; sid:1;))",
                              R"(alert tcp any any -> any any (msg:"small"; content:"x"; stream_size:either,<,10; sid:2;))"},
                             &inactive)));
  EXPECT_TRUE(inactive.empty());
  FlowVars vars;
  auto p = packet("x");
  auto facts = flow_facts(p, vars);
  std::vector<Alert> out;
  facts.tcp_sequence_sizes = std::array<uint32_t, 2>{1001, 1};
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2}));
  facts.tcp_sequence_sizes = std::array<uint32_t, 2>{50, 20};
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{}));
  facts.tcp_sequence_sizes.reset();
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{}));
}

// flow.pkts / flow.bytes in Suricata 8's form and the older one-side keywords; an
// ip rule with them is checked on every packet, not only on a flow's first.
TEST(FlowCounters, CompareThePacketsAndBytesOfEachDirection) {
  std::vector<InactiveRule> inactive;
  Detector d;
  ASSERT_TRUE(d.use(rule_set({R"(alert ip any any -> any any (msg:"ten each"; flow.pkts:toclient,=10; flow.pkts:toserver,=10; flow.bytes:toserver,<3000; sid:1;))",
                              R"(alert ip any any -> any any (msg:"old"; flow.pkts_toclient:10; flow.bytes_toclient:>8000; sid:2;))",
                              R"(alert ip any any -> any any (msg:"either"; flow.bytes:either,>3000; sid:3;))"},
                             &inactive)));
  EXPECT_TRUE(inactive.empty());
  FlowVars vars;
  auto p = packet("x");
  auto facts = flow_facts(p, vars);
  std::vector<Alert> out;
  facts.packets = {10, 10};
  facts.bytes = {2000, 9000};
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2, 3}));
  facts.packets = {10, 9};
  facts.bytes = {2000, 2000};
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{}));
  d.inspect_packet(PacketInput{p, nullptr, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{})) << "no flow, no counters";
}

TEST(FlowCounters, FlowAgeInSeconds) {
  std::vector<InactiveRule> inactive;
  Detector d;
  ASSERT_TRUE(d.use(rule_set({R"(alert ip any any -> any any (msg:"old flow"; flow.age:>10; sid:1;))"}, &inactive)));
  EXPECT_TRUE(inactive.empty());
  FlowVars vars;
  auto p = packet("x");
  auto facts = flow_facts(p, vars);
  std::vector<Alert> out;
  facts.age_seconds = 10;
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{}));
  facts.age_seconds = 11;
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1}));
}

TEST(FlowCounters, BadValuesAreReported) {
  EXPECT_FALSE(parse(R"(alert ip any any -> any any (flow.pkts:sideways,=10; sid:1;))"));
  EXPECT_FALSE(parse(R"(alert ip any any -> any any (flow.bytes:toserver; sid:2;))"));
  EXPECT_FALSE(parse(R"(alert ip any any -> any any (flow.pkts_toserver:lots; sid:3;))"));
}

}  // namespace
}  // namespace rampart::detect::testing
