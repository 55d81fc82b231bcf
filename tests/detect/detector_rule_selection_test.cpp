// A two-sided transaction whose request completed before its response: when the
// request completes, its view runs the rules that need nothing of the response
// (rules fixed to the request side, and rules set to no side); when the
// transaction is done, the request's view runs the rules fixed to it that also
// read the response, and the response's view runs all of its rules. No rule runs
// twice on one view.
#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

const std::vector<std::string> kRules = {
    R"(alert http any any -> any any (http.uri; content:"/login"; sid:1;))",
    R"(alert http any any -> any any (http.stat_code; content:"200"; sid:2;))",
    R"(alert http any any -> any any (http.header; content:"Host"; sid:3;))",
    R"(alert http any any -> any any (http.uri; content:"/login"; http.stat_code; content:"200"; sid:4;))",
};

std::vector<uint32_t> run(Detector& d, const NamedBuffers& view, RuleSelection rules, bool to_server) {
  FlowVars vars;
  auto p = to_server ? packet("", "10.0.0.1", 40000, "10.0.0.2", 80) : packet("", "10.0.0.2", 80, "10.0.0.1", 40000);
  auto facts = flow_facts(p, vars, to_server);
  facts.app_proto = "http";
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{&p, facts, 0, view, rules}, out);
  return sids(out);
}

TEST(DetectorRuleSelection, EachRuleRunsOncePerViewWhenWhatItNeedsIsThere) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set(kRules)).has_value());
  using Kind = RuleSelection::Kind;
  NamedBuffers request;  // one side's view, as the sensor's SideView gives it
  request.one_way_message = true;
  request.values = {{"http.uri", "/login"}, {"http.header", "Host: a\r\n"}};
  EXPECT_EQ(run(d, request, {Kind::SideComplete, PacketDirection::ToServer}, true), (std::vector<uint32_t>{1, 3}));
  request.values["http.stat_code"] = "200";  // the one-sided buffers of the response, once it is there
  EXPECT_EQ(run(d, request, {Kind::AfterSide, PacketDirection::ToServer}, true), (std::vector<uint32_t>{4}))
      << "sid 4 is fixed to the request side but needs the response too";
  NamedBuffers response;
  response.one_way_message = true;
  response.values = {{"http.uri", "/login"}, {"http.stat_code", "200"}, {"http.header", "Host-Only: b\r\n"}};
  EXPECT_EQ(run(d, response, {}, false), (std::vector<uint32_t>{2, 3})) << "sid 3 matches the response's headers too";
  EXPECT_EQ(run(d, request, {}, true), (std::vector<uint32_t>{1, 3, 4})) << "without an early pass, all at the end";
}

// A view skips scanning the buffers whose rules are all fixed to the other side,
// but still scans the other side's buffer for a rule of its own side.
TEST(DetectorRuleSelection, AViewScansOnlyTheBuffersItsRulesNeed) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set({R"(alert http any any -> any any (http.stat_code; content:"200"; fast_pattern; http.uri; content:"/login"; sid:5;))",
                              R"(alert http any any -> any any (http.stat_msg; content:"OK"; sid:6;))"}))
                  .has_value());
  NamedBuffers view;
  view.one_way_message = true;
  view.values = {{"http.uri", "/login"}, {"http.stat_code", "200"}, {"http.stat_msg", "OK"}};
  EXPECT_EQ(run(d, view, {}, true), (std::vector<uint32_t>{5})) << "the client's view scans http.stat_code for sid 5";
  EXPECT_EQ(d.stats().candidates, 1u) << "and not http.stat_msg, whose only rule is the server's";
  EXPECT_EQ(run(d, view, {}, false), (std::vector<uint32_t>{6}));
  EXPECT_EQ(d.stats().candidates, 2u) << "the server's view finds sid 6; sid 5's hit is not a candidate there";
}

}  // namespace
}  // namespace rampart::detect::testing
