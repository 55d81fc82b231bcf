// Rules without a fast pattern (or with a very short one and a few ports) are
// checked only on the packets and transactions their ports allow, with the same
// alerts as checking them everywhere; dotprefix rules are prefiltered on the
// untransformed buffer.
#include <gtest/gtest.h>

#include <map>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

struct Buffers final : proto::EveFields {
  std::map<std::string, std::string, std::less<>> values;
  void write(JsonWriter&) const override {}
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    auto it = values.find(name);
    if (it == values.end() || index > 0) return std::nullopt;
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(it->second.data()), it->second.size());
  }
};

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
  d.inspect_transaction(TransactionInput{&p, facts, 0, tx}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2}));
  facts.server_port = 80;
  d.inspect_transaction(TransactionInput{&p, facts, 1, tx}, out);
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
    d.inspect_transaction(TransactionInput{&p, facts, 0, tx}, out);
    return sids(out);
  };
  EXPECT_EQ(alerts("www.Example.com"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(alerts("example.com"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(alerts("notexample.com"), (std::vector<uint32_t>{2}));
}

}  // namespace
}  // namespace rampart::detect::testing
