// Transaction rules are grouped by application protocol and the server's port: a
// rule on other ports is not even a candidate, rules on any port run in every group,
// "<>" rules are keyed by both sides, groups with the same patterns share a
// database, past the group limit the joined group still finds every rule, and a
// protocol with few rules on ports keeps one group.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <string>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

class TransactionGroups : public ::testing::Test {
 protected:
  // Alerts of a two-way HTTP transaction between client_port and server_port.
  std::vector<uint32_t> http(uint16_t client_port, uint16_t server_port, std::string uri,
                             std::string status = "200") {
    auto p = packet("", "10.0.0.1", client_port, "10.0.0.2", server_port);
    auto facts = flow_facts(p, vars);
    facts.app_proto = "http";
    NamedBuffers tx;
    tx.values = {{"http.uri", std::move(uri)}, {"http.stat_code", std::move(status)}};
    return inspect(p, facts, tx);
  }

  // Alerts of a DNS response (one way, from the server) from server_port.
  std::vector<uint32_t> dns_response(uint16_t server_port, std::string query) {
    auto p = packet("", "10.0.0.2", server_port, "10.0.0.1", 40000, 17);
    auto facts = flow_facts(p, vars, false);
    facts.app_proto = "dns";
    NamedBuffers tx;
    tx.values = {{"dns.queries.rrname", std::move(query)}};
    tx.one_way_message = true;
    return inspect(p, facts, tx);
  }

  void use(const std::vector<std::string>& rules) { ASSERT_TRUE(d.use(rule_set(rules)).has_value()); }

  Detector d;
  FlowVars vars;
  uint64_t candidates = 0;

 private:
  std::vector<uint32_t> inspect(const decode::Packet& p, const FlowFacts& facts, const NamedBuffers& tx) {
    std::vector<Alert> out;
    uint64_t before = d.stats().candidates;
    d.inspect_transaction(TransactionInput{&p, facts, 0, tx, {}}, out);
    candidates = d.stats().candidates - before;
    return sids(out);
  }
};

TEST_F(TransactionGroups, ARuleOnAnotherPortIsNotACandidate) {
  use({
      R"(alert http any any -> any 25 (msg:"http to 25"; http.uri; content:"/evil"; sid:1;))",
      R"(alert http any any -> any any (msg:"any port"; http.uri; content:"/evil"; sid:2;))",
      R"(alert http any any -> any 8080 (msg:"http to 8080"; http.uri; content:"/evil"; sid:3;))",
      R"(alert tcp any any -> any 25 (msg:"any protocol to 25"; http.uri; content:"/evil"; sid:4;))",
      R"(alert tcp any any -> any any (msg:"any protocol, any port"; http.uri; content:"/evil"; sid:5;))",
  });
  EXPECT_EQ(http(40000, 8080, "/evil"), (std::vector<uint32_t>{2, 3, 5}));
  EXPECT_EQ(candidates, 3u);  // not the rules on 25
  EXPECT_EQ(http(40000, 25, "/evil"), (std::vector<uint32_t>{1, 2, 4, 5}));
  EXPECT_EQ(candidates, 4u);
  EXPECT_EQ(http(40000, 80, "/evil"), (std::vector<uint32_t>{2, 5}));
  EXPECT_EQ(candidates, 2u);
  EXPECT_EQ(d.rules()->stats().transaction_groups, 3u);  // 25, 8080, others: http.uri makes the tcp rules http's
}

TEST_F(TransactionGroups, ResponseRulesAreKeyedByTheirSourcePort) {
  use({
      R"(alert http any 8080 -> any any (msg:"from 8080"; flow:to_client; http.stat_code; content:"404"; sid:1;))",
      R"(alert http any any -> any any (msg:"any"; flow:to_client; http.stat_code; content:"404"; sid:2;))",
  });
  EXPECT_EQ(http(40000, 8080, "/", "404"), (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(http(8080, 80, "/", "404"), (std::vector<uint32_t>{2}));
  EXPECT_EQ(candidates, 1u);  // the client's port 8080 does not choose the group
}

TEST_F(TransactionGroups, EitherWayRulesAreInTheGroupsOfBothSides) {
  use({R"(alert http any 25 <> any 1500 (msg:"either way"; http.uri; content:"/evil"; sid:1;))"});
  EXPECT_EQ(http(25, 1500, "/evil"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(http(1500, 25, "/evil"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(http(40000, 25, "/evil"), (std::vector<uint32_t>{}));
  EXPECT_EQ(candidates, 1u);  // in the group of 25, fails on the client's port
  EXPECT_EQ(http(40000, 8080, "/evil"), (std::vector<uint32_t>{}));
  EXPECT_EQ(candidates, 0u);
}

// A rule of no fixed direction takes a one-way message's direction, so either side
// of its header may be the server's: it is keyed by both, and is in every group
// when one side is any port.
TEST_F(TransactionGroups, RulesOfNoFixedDirectionAreKeyedByBothSides) {
  use({
      R"(alert dns any 53 -> any any (msg:"from 53"; dns.queries.rrname; content:"evil"; sid:1;))",
      R"(alert dns any 53 -> any 53 (msg:"53 to 53"; dns.queries.rrname; content:"evil"; sid:2;))",
  });
  EXPECT_EQ(dns_response(53, "evil.example"), (std::vector<uint32_t>{1}));
  EXPECT_EQ(candidates, 2u);
  EXPECT_EQ(dns_response(5353, "evil.example"), (std::vector<uint32_t>{}));
  EXPECT_EQ(candidates, 1u);  // the rule from 53 to any port only
}

TEST_F(TransactionGroups, GroupsWithTheSamePatternsShareADatabase) {
  use({
      R"(alert http any any -> any any (msg:"uri, any port"; http.uri; content:"/evil"; sid:1;))",
      R"(alert http any 8080 -> any any (msg:"status on 8080"; flow:to_client; http.stat_code; content:"500"; sid:2;))",
  });
  const auto& groups = d.rules()->transaction_groups().at("http");
  ASSERT_EQ(groups.groups.size(), 2u);
  auto database_of = [](const RuleGroup& g, std::string_view buffer) -> const PatternDatabase* {
    for (const auto& p : g.prefilters)
      if (p.buffer == buffer) return p.database.get();
    return nullptr;
  };
  const RuleGroup& on_8080 = groups.for_port(8080);
  const RuleGroup& on_80 = groups.for_port(80);
  ASSERT_NE(database_of(on_80, "http.uri"), nullptr);
  EXPECT_EQ(database_of(on_80, "http.uri"), database_of(on_8080, "http.uri"));
  EXPECT_EQ(database_of(on_80, "http.stat_code"), nullptr);
  EXPECT_NE(database_of(on_8080, "http.stat_code"), nullptr);
  EXPECT_EQ(d.rules()->stats().databases, 2u);
}

// Each group compiles the patterns of the rules on any port again: a protocol whose
// rules on ports are under a quarter of the others keeps one group.
TEST_F(TransactionGroups, FewRulesOnPortsKeepOneGroup) {
  std::vector<std::string> rules;
  for (uint32_t sid = 1; sid <= 5; ++sid)
    rules.push_back(fmt::format(R"(alert http any any -> any any (msg:"any {}"; http.uri; content:"/a{}"; sid:{};))",
                                sid, sid, sid));
  rules.push_back(R"(alert http any any -> any 25 (msg:"on 25"; http.uri; content:"/evil"; sid:6;))");
  use(rules);
  EXPECT_EQ(d.rules()->stats().transaction_groups, 1u);
  EXPECT_EQ(http(40000, 25, "/evil"), (std::vector<uint32_t>{6}));
  EXPECT_EQ(http(40000, 8080, "/evil"), (std::vector<uint32_t>{}));
  EXPECT_EQ(candidates, 1u);  // found by its pattern, then its port fails
}

TEST_F(TransactionGroups, PastTheGroupLimitEveryRuleStillMatchesOnItsPort) {
  std::vector<std::string> rules;
  for (uint32_t port = 1000; port < 1020; ++port)
    rules.push_back(fmt::format(R"(alert http any any -> any {} (msg:"on {}"; http.uri; content:"/evil{}"; sid:{};))",
                                port, port, port, port));
  use(rules);
  EXPECT_LE(d.rules()->transaction_groups().at("http").groups.size(), 8u);
  for (uint16_t port = 1000; port < 1020; ++port)
    EXPECT_EQ(http(40000, port, fmt::format("/evil{}", port)), (std::vector<uint32_t>{port})) << port;
  EXPECT_EQ(http(40000, 1001, "/evil1002"), (std::vector<uint32_t>{}));
}

}  // namespace
}  // namespace rampart::detect::testing
