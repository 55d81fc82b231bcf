// pcre captures end to end: kept only when the whole rule matches, flowvars on the
// flow, pktvars and alert.context entries on the alerts of the packet.
#include <gtest/gtest.h>

#include "detect/variable_names.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

std::vector<Alert> inspect(Detector& d, const decode::Packet& p, const FlowFacts* flow) {
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, flow, {}, {}}, out);
  return out;
}

Detector detector_for(const std::vector<std::string>& rules) {
  Detector d;
  EXPECT_TRUE(d.use(rule_set(rules)).has_value());
  return d;
}

std::optional<std::string> flow_var(const FlowVars& vars, std::string_view name) {
  for (const auto& [id, value] : vars.strings)
    if (variable_name(id) == name) return value;
  return std::nullopt;
}

std::vector<std::string> vars_of(const Alert& alert, CaptureScope scope) {
  std::vector<std::string> out;
  for (const auto& v : alert.vars)
    if (v.scope == scope) out.push_back(v.name + "=" + v.value);
  return out;
}

TEST(PcreCapture, FlowVariableIsSetAndReplaced) {
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"ua"; pcre:"/UA: (\w+)/, flow:agent"; sid:1;))"});
  FlowVars vars;
  auto first = packet("UA: curl");
  auto facts = flow_facts(first, vars);
  ASSERT_EQ(inspect(d, first, &facts).size(), 1u);
  EXPECT_EQ(flow_var(vars, "agent"), "curl");
  auto second = packet("UA: wget");
  ASSERT_EQ(inspect(d, second, &facts).size(), 1u);
  EXPECT_EQ(flow_var(vars, "agent"), "wget");
  EXPECT_EQ(vars.strings.size(), 1u);
}

TEST(PcreCapture, NothingIsKeptWhenTheRuleFailsLater) {
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"x"; pcre:"/id=(\d+)/, flow:id"; content:"admin"; sid:1;))"});
  FlowVars vars;
  auto p = packet("id=42 user");
  auto facts = flow_facts(p, vars);
  EXPECT_TRUE(inspect(d, p, &facts).empty());
  EXPECT_FALSE(flow_var(vars, "id"));
}

TEST(PcreCapture, RetriedPcreKeepsTheAttemptThatMatched) {
  // The first "k=" match fails the relative content; the retry at the second succeeds.
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"x"; pcre:"/k=(\w)/, pkt:k"; content:"!"; within:1; sid:1;))"});
  FlowVars vars;
  auto p = packet("k=a k=b!");
  auto facts = flow_facts(p, vars);
  auto alerts = inspect(d, p, &facts);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(vars_of(alerts[0], CaptureScope::Packet), (std::vector<std::string>{"k=b"}));
}

TEST(PcreCapture, AlertAndPacketVariablesGoWithTheAlerts) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"a"; pcre:"/^(?P<alert_verb>[A-Z]+) /"; sid:1;))",
      R"(alert tcp any any -> any any (msg:"b"; pcre:"/ (\S+) (\S+)/, pkt:path, alert:version"; sid:2;))",
      R"(alert tcp any any -> any any (msg:"c"; pcre:"/(\w+)=(\w+)/, pkt:key, pkt:value"; sid:3;))",
  });
  FlowVars vars;
  auto p = packet("GET /index HTTP/1.1 lang=en");
  auto facts = flow_facts(p, vars);
  auto alerts = inspect(d, p, &facts);
  ASSERT_EQ(sids(alerts), (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(vars_of(alerts[0], CaptureScope::Alert), (std::vector<std::string>{"verb=GET"}));
  EXPECT_EQ(vars_of(alerts[1], CaptureScope::Alert), (std::vector<std::string>{"version=HTTP/1.1"}));
  EXPECT_TRUE(vars_of(alerts[2], CaptureScope::Alert).empty());
  // Every alert of the packet carries all of its pktvars, as Suricata logs them.
  const std::vector<std::string> packet_vars{"path=/index", "lang=en"};
  for (const auto& alert : alerts) {
    auto got = vars_of(alert, CaptureScope::Packet);
    std::sort(got.begin(), got.end());
    auto want = packet_vars;
    std::sort(want.begin(), want.end());
    EXPECT_EQ(got, want) << alert.rule->sig.meta.sid;
  }
  EXPECT_TRUE(vars.strings.empty());
}

TEST(PcreCapture, TransactionRuleSetsAFlowVariable) {
  auto d = detector_for({R"(alert http any any -> any any (msg:"ua"; http.user_agent; pcre:"/^(?P<flow_product>[^\/]+)\//"; sid:1;))"});
  FlowVars vars;
  auto p = packet("");
  auto facts = flow_facts(p, vars);
  facts.app_proto = "http";
  NamedBuffers tx;
  tx.values["http.user_agent"] = "Mozilla/5.0";
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{&p, facts, 0, tx, {}}, out);
  ASSERT_EQ(sids(out), (std::vector<uint32_t>{1}));
  EXPECT_EQ(flow_var(vars, "product"), "Mozilla");
}

}  // namespace
}  // namespace rampart::detect::testing
