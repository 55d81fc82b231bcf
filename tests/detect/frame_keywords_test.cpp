// The frame keyword: frame names with and without their protocol, unknown frames,
// and frame rules running on frames only (and the other rules never on frames).
#include <gtest/gtest.h>

#include <fmt/format.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

TEST(FrameKeyword, SelectsTheFrameAsBuffer) {
  auto sig = parse(R"(alert tcp any any -> any any (frame:dns.pdu; content:"|01 20|"; offset:2; sid:1;))");
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  ASSERT_EQ(sig->inspections.size(), 1u);
  EXPECT_EQ(sig->inspections[0].buffer, "dns.pdu");
  EXPECT_TRUE(sig->inspections[0].frame);
  EXPECT_EQ(sig->app_protocol, "dns");
}

TEST(FrameKeyword, NameWithoutProtocolTakesTheRules) {
  for (const char* proto : {"http1", "http"}) {
    auto sig = parse(fmt::format(R"(alert {} any any -> any any (frame:request; content:"GET"; sid:1;))", proto));
    ASSERT_TRUE(sig.has_value()) << proto << ": " << sig.error().detail;
    EXPECT_EQ(sig->inspections[0].buffer, "http1.request");
    EXPECT_EQ(sig->inspections[0].direction, FlowDirection::ToServer);
  }
  auto ssh = parse(R"(alert ssh any any -> any any (frame:record.hdr; content:"|15|"; sid:1;))");
  ASSERT_TRUE(ssh.has_value()) << ssh.error().detail;
  EXPECT_EQ(ssh->inspections[0].buffer, "ssh.record.hdr");
}

TEST(FrameKeyword, UnknownFramesAreRuleErrors) {
  auto unknown = parse(R"(alert tcp any any -> any any (frame:smtp.not_supported; content:"x"; sid:1;))");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_NE(unknown.error().detail.find("unknown frame 'smtp.not_supported'"), std::string::npos);
  auto of_protocol = parse(R"(alert dns any any -> any any (frame:record.pdu; content:"x"; sid:1;))");
  ASSERT_FALSE(of_protocol.has_value());
  EXPECT_NE(of_protocol.error().detail.find("for protocol 'dns'"), std::string::npos);
  EXPECT_FALSE(parse(R"(alert tcp any any -> any any (frame:dns.pdu; frame:http1.request; sid:1;))").has_value())
      << "two protocols";
}

TEST(FrameKeyword, FrameRulesRunOnFramesOnly) {
  auto rules = rule_set({R"(alert dns any any -> any any (frame:dns.pdu; content:"abc"; sid:1;))",
                         R"(alert dns any any -> any any (dns.query; content:"abc"; sid:2;))"});
  ASSERT_EQ(rules->stats().frame_rules, 1u);
  Detector detector;
  ASSERT_TRUE(detector.use(rules).has_value());
  auto p = packet("", "10.0.0.1", 40000, "10.0.0.2", 53, 17);
  FlowVars vars;
  auto facts = flow_facts(p, vars);
  facts.app_proto = "dns";
  NamedBuffers both;
  both.values = {{"dns.pdu", "xxabc"}, {"dns.query", "abc"}};
  both.one_way_message = true;
  std::vector<Alert> alerts;
  detector.inspect_transaction(TransactionInput{&p, facts, 0, both, {}}, alerts);
  EXPECT_EQ(sids(alerts), std::vector<uint32_t>{2});
  detector.inspect_transaction(TransactionInput{&p, facts, 0, both, {}, true}, alerts);
  EXPECT_EQ(sids(alerts), std::vector<uint32_t>{1});
}

}  // namespace
}  // namespace rampart::detect::testing
