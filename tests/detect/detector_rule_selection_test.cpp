// A transaction whose request completed before its response is inspected twice:
// first the rules fixed to the request side, on the packet that completed the
// request; then, when the transaction is done, every other rule. No rule runs twice.
#include <gtest/gtest.h>

#include <map>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

struct HttpBuffers final : proto::EveFields {
  std::map<std::string, std::string, std::less<>> values;
  void write(JsonWriter&) const override {}
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    auto it = values.find(name);
    if (it == values.end() || index > 0) return std::nullopt;
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(it->second.data()), it->second.size());
  }
};

const std::vector<std::string> kRules = {
    R"(alert http any any -> any any (http.uri; content:"/login"; sid:1;))",
    R"(alert http any any -> any any (http.stat_code; content:"200"; sid:2;))",
    R"(alert http any any -> any any (http.header; content:"Host"; sid:3;))",
    R"(alert http any any -> any any (http.uri; content:"/login"; http.stat_code; content:"200"; sid:4;))",
};

// The transaction as the packet that completed a side of it (to the server or to
// the client) carries it.
std::vector<uint32_t> run(Detector& d, const HttpBuffers& tx, RuleSelection rules, bool to_server) {
  FlowVars vars;
  auto p = to_server ? packet("", "10.0.0.1", 40000, "10.0.0.2", 80) : packet("", "10.0.0.2", 80, "10.0.0.1", 40000);
  auto facts = flow_facts(p, vars, to_server);
  facts.app_proto = "http";
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{&p, facts, 0, tx, rules}, out);
  return sids(out);
}

TEST(DetectorRuleSelection, RequestSideRulesRunFirstAndTheRestWhenTheTransactionIsDone) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set(kRules)).has_value());
  HttpBuffers tx;
  tx.values = {{"http.uri", "/login"}, {"http.header", "Host: a\r\n"}};
  RuleSelection request{RuleSelection::Kind::FixedToSide, PacketDirection::ToServer};
  EXPECT_EQ(run(d, tx, request, true), (std::vector<uint32_t>{1})) << "only the rule bound to the request runs";
  tx.values["http.stat_code"] = "200";
  RuleSelection rest{RuleSelection::Kind::NotFixedToSide, PacketDirection::ToServer};
  EXPECT_EQ(run(d, tx, rest, false), (std::vector<uint32_t>{2, 3, 4})) << "sid 4 needs the response too";
  EXPECT_EQ(run(d, tx, {}, false), (std::vector<uint32_t>{1, 2, 3, 4}));
}

}  // namespace
}  // namespace rampart::detect::testing
