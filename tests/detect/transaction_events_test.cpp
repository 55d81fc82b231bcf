// app-layer-event conditions of rules that inspect a transaction test the
// events raised on that transaction.
#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

struct TxWithEvents final : proto::EveFields {
  std::string body = "login=foo";
  std::vector<std::string> raised;
  void write(JsonWriter&) const override {}
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override {
    if (name != "http.request_body" || index > 0) return std::nullopt;
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(body.data()), body.size());
  }
  std::span<const std::string> events() const override { return raised; }
};

std::vector<uint32_t> alerts_on(const TxWithEvents& tx) {
  Detector d;
  EXPECT_TRUE(d.use(rule_set({
                  R"(alert http any any -> any any (flow:to_server; content:"login"; http_client_body; app-layer-event:http.request_body_unexpected; sid:1;))",
                  R"(alert http any any -> any any (flow:to_server; content:"login"; http_client_body; app-layer-event:dns.malformed_data; sid:2;))",
                  R"(alert http any any -> any any (flow:to_server; content:"login"; http_client_body; decode-event:ipv4.trunc_pkt; sid:3;))",
              }))
                  .has_value());
  FlowVars vars;
  auto p = packet("", "10.0.0.1", 40000, "10.0.0.2", 80);
  auto facts = flow_facts(p, vars, true);
  facts.app_proto = "http";
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{&p, facts, 0, tx, {}}, out);
  return sids(out);
}

TEST(TransactionEvents, AnEventOfTheTransactionMatchesItsRule) {
  TxWithEvents tx;
  EXPECT_TRUE(alerts_on(tx).empty());
  tx.raised = {"REQUEST_BODY_UNEXPECTED"};
  EXPECT_EQ(alerts_on(tx), (std::vector<uint32_t>{1})) << "the other rules name another protocol's or a decoder event";
}

}  // namespace
}  // namespace rampart::detect::testing
