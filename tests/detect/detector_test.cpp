// The engine end to end on hand-made packets: prefilter, verification, header and
// flow conditions, flowbits and flowints, thresholds, pass, alert-max, IP-only.
#include "detect/detector.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "detect/variable_names.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

std::vector<uint32_t> alerts_for(Detector& d, const decode::Packet& p, const FlowFacts* flow = nullptr) {
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, flow, {}, {}}, out);
  return sids(out);
}

Detector detector_for(const std::vector<std::string>& rules) {
  Detector d;
  EXPECT_TRUE(d.use(rule_set(rules)).has_value());
  return d;
}

TEST(Detector, PrefilteredContentRulesAreVerifiedInFull) {
  auto d = detector_for({
      R"(alert tcp any any -> any 80 (msg:"a"; content:"GET "; depth:4; content:"/admin"; distance:0; sid:1;))",
      R"(alert tcp any any -> any 80 (msg:"b"; content:"GET "; offset:2; sid:2;))",
      R"(alert tcp any any -> any 443 (msg:"c"; content:"GET "; sid:3;))",
      R"(alert udp any any -> any 80 (msg:"d"; content:"GET "; sid:4;))",
  });
  EXPECT_EQ(alerts_for(d, packet("GET /admin HTTP/1.1")), (std::vector<uint32_t>{1}));
  EXPECT_EQ(alerts_for(d, packet("GET /index HTTP/1.1")), (std::vector<uint32_t>{}));
  // The prefilter ignores case; verification does not.
  EXPECT_EQ(alerts_for(d, packet("get /admin HTTP/1.1")), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, packet("xxGET /")), (std::vector<uint32_t>{2}));
  EXPECT_EQ(alerts_for(d, packet("GET /admin", "10.0.0.1", 1000, "10.0.0.2", 80, 17)), (std::vector<uint32_t>{4}));
  EXPECT_EQ(d.rules()->stats().prefiltered, 4u);
}

TEST(Detector, EncryptedPayloadSkipsTheRulesThatNeedPayload) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"content"; content:"secret"; sid:1;))",
      R"(alert tcp any any -> any any (msg:"bytes"; dsize:>0; sid:2;))",
      R"(alert tcp any any -> any any (msg:"small"; dsize:<10; sid:3;))",
      R"(alert tcp any any -> any any (msg:"header"; flags:PA; sid:4;))",
  });
  auto p = packet("secret data");
  p.tcp_flags = 0x18;
  FlowFacts flow;
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{1, 2, 4}));
  flow.payload_inspected = false;
  // As Suricata's FLOW_NOPAYLOAD_INSPECTION: dsize:<10 still compares the real size.
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{4}));
  auto small = packet("tiny");
  small.tcp_flags = 0x18;
  EXPECT_EQ(alerts_for(d, small, &flow), (std::vector<uint32_t>{3, 4}));
}

TEST(Detector, HeaderAddressesPortsAndDirection) {
  auto d = detector_for({
      R"(alert tcp 10.0.0.0/24 any -> !10.0.0.0/24 [80,8080] (msg:"out"; sid:1;))",
      R"(alert tcp 192.168.1.1 any <> 10.0.0.1 any (msg:"bidir"; sid:2;))",
      R"(alert ip any any -> any any (msg:"ttl"; ttl:<10; sid:3;))",
  });
  EXPECT_EQ(alerts_for(d, packet("", "10.0.0.1", 1, "8.8.8.8", 8080)), (std::vector<uint32_t>{1}));
  EXPECT_EQ(alerts_for(d, packet("", "10.0.0.1", 1, "10.0.0.9", 8080)), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, packet("", "10.0.0.1", 1, "192.168.1.1", 22)), (std::vector<uint32_t>{2}));
  auto low_ttl = packet("", "1.1.1.1", 1, "2.2.2.2", 2);
  low_ttl.ttl = 3;
  EXPECT_EQ(alerts_for(d, low_ttl), (std::vector<uint32_t>{3}));
}

TEST(Detector, TcpMssAndTcpFlags) {
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"small mss syn"; tcp.flags:S; tcp.mss:<536; sid:1;))"});
  auto syn = packet("");
  syn.tcp_flags = decode::tcp_flag::kSyn;
  EXPECT_EQ(alerts_for(d, syn), (std::vector<uint32_t>{})) << "no MSS option";
  syn.tcp_opts.has_mss = true;
  syn.tcp_opts.mss = 100;
  EXPECT_EQ(alerts_for(d, syn), (std::vector<uint32_t>{1}));
  syn.tcp_opts.mss = 1460;
  EXPECT_EQ(alerts_for(d, syn), (std::vector<uint32_t>{}));
}

TEST(Detector, NegatedDsizeNeedsAPayload) {
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"not 9"; dsize:!9; sid:1;))",
                         R"(alert tcp any any -> any any (msg:"under 10"; dsize:<10; sid:2;))"});
  EXPECT_EQ(alerts_for(d, packet("")), (std::vector<uint32_t>{2}));
  EXPECT_EQ(alerts_for(d, packet("dogeishere")), (std::vector<uint32_t>{1}));
  EXPECT_EQ(alerts_for(d, packet("123456789")), (std::vector<uint32_t>{2}));
}

TEST(Detector, FlowKeywordNeedsAFlowInTheRightDirection) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"ts"; flow:established,to_server; content:"x"; sid:1;))",
      R"(alert tcp any any -> any any (msg:"tc"; flow:to_client; content:"x"; sid:2;))",
  });
  FlowVars vars;
  auto p = packet("x");
  EXPECT_EQ(alerts_for(d, p), (std::vector<uint32_t>{}));
  auto to_server = flow_facts(p, vars, true);
  EXPECT_EQ(alerts_for(d, p, &to_server), (std::vector<uint32_t>{1}));
  auto to_client = flow_facts(p, vars, false);
  EXPECT_EQ(alerts_for(d, p, &to_client), (std::vector<uint32_t>{2}));
  to_server.established = false;
  EXPECT_EQ(alerts_for(d, p, &to_server), (std::vector<uint32_t>{}));
}

// Every app-layer-protocol condition of a rule must hold; a protocol not detected
// yet matches neither NAME nor !NAME (suricata-verify detect-app-layer-protocol-03).
TEST(Detector, AppLayerProtocolConditionsAllHoldAndNeedADetectedProtocol) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (app-layer-protocol:!http,final; app-layer-protocol:!tls; sid:1;))",
      R"(alert tcp any any -> any any (app-layer-protocol:http; sid:2;))",
      R"(alert tcp any any -> any any (app-layer-protocol:failed; sid:3;))",
      R"(alert tcp any any -> any any (app-layer-protocol:smtp,original; sid:4;))",
  });
  FlowVars vars;
  auto p = packet("x");
  auto flow = flow_facts(p, vars, true);
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{}));
  flow.app_proto = "http";
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{2}));
  flow.app_proto = "tls";
  flow.app_proto_orig = "smtp";
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{4}));
  flow.app_proto = "ssh";
  flow.app_proto_orig = {};
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{1}));
  flow.app_proto = "failed";
  EXPECT_EQ(alerts_for(d, p, &flow), (std::vector<uint32_t>{1, 3}));
  EXPECT_FALSE(parse_options("app-layer-protocol:http,sideways;"));
}

TEST(Detector, FlowbitsCarryStateBetweenPacketsAndRules) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"login"; content:"USER"; flowbits:set,logged; flowbits:noalert; sid:1;))",
      R"(alert tcp any any -> any any (msg:"cmd after login"; content:"RETR"; flowbits:isset,logged; sid:2;))",
      R"(alert tcp any any -> any any (msg:"cmd before login"; content:"RETR"; flowbits:isnotset,logged; sid:3;))",
  });
  FlowVars vars;
  auto retr = packet("RETR x");
  auto facts = flow_facts(retr, vars);
  EXPECT_EQ(alerts_for(d, retr, &facts), (std::vector<uint32_t>{3}));
  auto user = packet("USER bob");
  EXPECT_EQ(alerts_for(d, user, &facts), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, retr, &facts), (std::vector<uint32_t>{2}));
}

TEST(Detector, FlowintsCountAndCompare) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"count"; content:"fail"; flowint:fails,+,1; noalert; sid:1;))",
      R"(alert tcp any any -> any any (msg:"many"; content:"fail"; flowint:fails,>=,3; sid:2;))",
  });
  FlowVars vars;
  auto p = packet("fail");
  auto facts = flow_facts(p, vars);
  EXPECT_EQ(alerts_for(d, p, &facts), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, p, &facts), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, p, &facts), (std::vector<uint32_t>{2}));
  EXPECT_EQ(vars.get_int(intern_variable_name("fails")), 3);
}

TEST(Detector, PassRuleStopsThePacketAndTheFlow) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"bad"; content:"bad"; sid:1;))",
      R"(pass tcp 10.0.0.5 any -> any any (msg:"trusted"; sid:2;))",
  });
  FlowVars vars;
  auto trusted = packet("bad", "10.0.0.5");
  auto facts = flow_facts(trusted, vars);
  EXPECT_EQ(alerts_for(d, trusted, &facts), (std::vector<uint32_t>{}));
  EXPECT_TRUE(vars.passed);
  EXPECT_EQ(alerts_for(d, packet("bad", "10.0.0.6")), (std::vector<uint32_t>{1}));
}

TEST(Detector, ThresholdSuppressesRepeats) {
  auto d = detector_for({
      R"(alert tcp any any -> any any (msg:"t"; content:"x"; threshold:type limit, track by_src, count 1, seconds 60; sid:1;))",
  });
  EXPECT_EQ(alerts_for(d, packet("x")), (std::vector<uint32_t>{1}));
  EXPECT_EQ(alerts_for(d, packet("x")), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, packet("x", "10.9.9.9")), (std::vector<uint32_t>{1}));
  EXPECT_EQ(d.stats().alerts_suppressed, 1u);
}

TEST(Detector, AlertMaxKeepsTheFirstRulesInOrder) {
  std::vector<std::string> rules;
  for (int i = 1; i <= 20; ++i) rules.push_back(fmt::format(R"(alert tcp any any -> any any (msg:"r{}"; content:"z"; sid:{};))", i, i));
  Detector d(15);
  ASSERT_TRUE(d.use(rule_set(rules)).has_value());
  auto got = alerts_for(d, packet("z"));
  ASSERT_EQ(got.size(), 15u);
  EXPECT_EQ(got.front(), 1u);
  EXPECT_EQ(got.back(), 15u);
  EXPECT_EQ(d.stats().alert_queue_overflow, 5u);
}

TEST(Detector, AddressOnlyRulesRunOncePerFlowDirection) {
  auto d = detector_for({
      R"(alert ip [198.51.100.7,203.0.113.0/24] any -> any any (msg:"listed"; sid:1;))",
      R"(alert ip any any -> [192.0.2.1,192.0.2.2] any (msg:"listed dst"; sid:2;))",
  });
  EXPECT_EQ(d.rules()->stats().ip_only, 2u);
  FlowVars vars;
  auto p = packet("", "203.0.113.9", 1, "192.0.2.2", 2);
  auto facts = flow_facts(p, vars);
  facts.first_in_direction = true;
  EXPECT_EQ(alerts_for(d, p, &facts), (std::vector<uint32_t>{1, 2}));
  facts.first_in_direction = false;
  EXPECT_EQ(alerts_for(d, p, &facts), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, packet("", "198.51.100.8", 1, "192.0.2.3", 2)), (std::vector<uint32_t>{}));
}

TEST(Detector, DecodeAndStreamEvents) {
  auto d = detector_for({
      R"(alert pkthdr any any -> any any (msg:"trunc"; decode-event:ipv4.trunc_pkt; sid:1;))",
      R"(alert tcp any any -> any any (msg:"3whs"; stream-event:3whs_ack_in_wrong_dir; sid:2;))",
  });
  auto p = packet("");
  p.events.add(decode::DecodeEvent::Ipv4TruncPkt);
  std::vector<std::string_view> stream_events{"3whs_ack_in_wrong_dir"};
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, nullptr, stream_events, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2}));
}

TEST(Detector, ReloadSwapsTheRuleSet) {
  auto d = detector_for({R"(alert tcp any any -> any any (msg:"old"; content:"x"; sid:1;))"});
  EXPECT_EQ(alerts_for(d, packet("x y")), (std::vector<uint32_t>{1}));
  ASSERT_TRUE(d.use(rule_set({R"(alert tcp any any -> any any (msg:"new"; content:"y"; sid:2;))"})).has_value());
  EXPECT_EQ(alerts_for(d, packet("x y")), (std::vector<uint32_t>{2}));
}

TEST(Detector, RulesTheEngineCannotRunAreListed) {
  std::vector<InactiveRule> inactive;
  auto set = rule_set({R"(alert tcp any any -> any any (msg:"x"; xbits:set,a,track tx; sid:9;))",
                       R"(alert tcp any any -> any any (msg:"ok"; content:"a"; sid:10;))"},
                      &inactive);
  ASSERT_EQ(inactive.size(), 1u);
  EXPECT_EQ(inactive[0].sid, 9u);
  EXPECT_EQ(set->size(), 1u);
}

}  // namespace
}  // namespace rampart::detect::testing
