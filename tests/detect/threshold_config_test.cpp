// threshold.config: each directive parsed, bad lines reported and skipped, the
// directives applied to signatures, and their effect on the detector's alerts.
#include "detect/threshold_config.hpp"

#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

using Kind = ThresholdDirective::Kind;

ThresholdConfig parse_config(std::string_view text) {
  RuleVariables variables = RuleVariables::suricata_defaults();
  variables.address_groups["SCANNERS"] = "[192.0.2.0/24,198.51.100.7]";
  return parse_threshold_config(text, "threshold.config", variables);
}

std::vector<Signature> signatures(const std::vector<std::string>& rules) {
  std::vector<Signature> out;
  for (const auto& text : rules) {
    auto sig = parse(text);
    EXPECT_TRUE(sig.has_value()) << text;
    if (sig) out.push_back(std::move(*sig));
  }
  return out;
}

TEST(ThresholdConfig, ThresholdAndEventFilter) {
  auto config = parse_config(
      "# global thresholds\n"
      "threshold gen_id 1, sig_id 2404000, type threshold, track by_dst, count 1, seconds 10\n"
      "\n"
      "event_filter gen_id 0, sig_id 0, type both, \\\n"
      "    track by_both, count 3, seconds 5\n");
  ASSERT_TRUE(config.errors.empty()) << config.errors[0].message;
  ASSERT_EQ(config.directives.size(), 2u);
  const auto& first = config.directives[0];
  EXPECT_EQ(first.kind, Kind::Threshold);
  EXPECT_EQ(first.gid, 1u);
  EXPECT_EQ(first.sid, 2404000u);
  EXPECT_EQ(first.line, 2u);
  EXPECT_EQ(first.threshold.type, "threshold");
  EXPECT_EQ(first.threshold.track, "by_dst");
  EXPECT_EQ(first.threshold.count, 1u);
  EXPECT_EQ(first.threshold.seconds, 10u);
  const auto& second = config.directives[1];
  EXPECT_EQ(second.line, 4u);  // where the continued line starts
  EXPECT_EQ(second.gid, 0u);
  EXPECT_EQ(second.sid, 0u);
  EXPECT_EQ(second.threshold.type, "both");
  EXPECT_EQ(second.threshold.track, "by_both");
}

TEST(ThresholdConfig, SuppressWithAndWithoutAddresses) {
  auto config = parse_config(
      "suppress gen_id 1, sig_id 2002087\n"
      "suppress gen_id 1, sig_id 2002087, track by_src, ip 10.10.3.11\n"
      "suppress gen_id 1, sig_id 2003614, track by_dst, ip [10.0.0.0/8, 172.16.0.1]\n"
      "suppress gen_id 0, sig_id 0, track by_either, ip $SCANNERS\n");
  ASSERT_TRUE(config.errors.empty()) << config.errors[0].message;
  ASSERT_EQ(config.directives.size(), 4u);
  EXPECT_EQ(config.directives[0].suppression.track, SuppressTrack::All);
  const auto& by_src = config.directives[1].suppression;
  EXPECT_EQ(by_src.track, SuppressTrack::Src);
  EXPECT_TRUE(address_in(by_src.addresses, *IpAddress::parse("10.10.3.11")));
  EXPECT_FALSE(address_in(by_src.addresses, *IpAddress::parse("10.10.3.12")));
  const auto& by_dst = config.directives[2].suppression;
  EXPECT_EQ(by_dst.track, SuppressTrack::Dst);
  EXPECT_TRUE(address_in(by_dst.addresses, *IpAddress::parse("10.200.1.1")));
  EXPECT_TRUE(address_in(by_dst.addresses, *IpAddress::parse("172.16.0.1")));
  EXPECT_FALSE(address_in(by_dst.addresses, *IpAddress::parse("172.16.0.2")));
  const auto& either = config.directives[3].suppression;
  EXPECT_EQ(either.track, SuppressTrack::Either);
  EXPECT_TRUE(address_in(either.addresses, *IpAddress::parse("198.51.100.7")));
}

TEST(ThresholdConfig, RateFilter) {
  auto config = parse_config(
      "rate_filter gen_id 1, sig_id 1000, track by_rule, count 100, seconds 60, \\\n"
      "  new_action drop, timeout 30\n");
  ASSERT_TRUE(config.errors.empty()) << config.errors[0].message;
  ASSERT_EQ(config.directives.size(), 1u);
  const auto& f = config.directives[0].rate_filter;
  EXPECT_EQ(config.directives[0].kind, Kind::RateFilter);
  EXPECT_EQ(f.track, "by_rule");
  EXPECT_EQ(f.count, 100u);
  EXPECT_EQ(f.seconds, 60u);
  EXPECT_EQ(f.new_action, Action::Drop);
  EXPECT_EQ(f.timeout, 30u);
}

TEST(ThresholdConfig, BadLinesAreReportedWithTheirLineAndSkipped) {
  auto config = parse_config(
      "threshold gen_id 1, sig_id 5, type limit, track by_src, count 1, seconds 60\n"
      "threshold gen_id 1, sig_id 6, type sometimes, track by_src, count 1, seconds 60\n"
      "suppress gen_id 1, sig_id 7, track by_src\n"
      "suppress gen_id 1, sig_id 8, track by_src, ip not-an-address\n"
      "rate_filter gen_id 1, sig_id 9, track by_rule, count 1, seconds 1, new_action explode, timeout 1\n"
      "limit gen_id 1, sig_id 10\n"
      "threshold gen_id 1, sig_id x, type limit, track by_src, count 1, seconds 60\n"
      "threshold gen_id 1, sig_id 11, type limit, track by_src, count 1\n"
      "suppress gen_id 1, sig_id 12, ip [10.0.0.1, track by_src\n"
      "suppress gen_id 1, sig_id 13, sig_id 14\n"
      "suppress gen_id 1, sig_id 15, colour blue\n"
      "suppress gen_id 1, sig_id 16\n");
  ASSERT_EQ(config.directives.size(), 2u);
  EXPECT_EQ(config.directives[0].sid, 5u);
  EXPECT_EQ(config.directives[1].sid, 16u);
  ASSERT_EQ(config.errors.size(), 10u);
  for (size_t i = 0; i < config.errors.size(); ++i) {
    EXPECT_EQ(config.errors[i].file, "threshold.config");
    EXPECT_EQ(config.errors[i].line, i + 2);
  }
  EXPECT_NE(config.errors[0].message.find("sometimes"), std::string::npos);
  EXPECT_NE(config.errors[1].message.find("track and ip"), std::string::npos);
  EXPECT_NE(config.errors[3].message.find("explode"), std::string::npos);
  EXPECT_NE(config.errors[4].message.find("unknown directive"), std::string::npos);
  EXPECT_NE(config.errors[6].message.find("missing seconds"), std::string::npos);
  EXPECT_NE(config.errors[8].message.find("twice"), std::string::npos);
}

TEST(ThresholdConfig, ASidThresholdReplacesTheRulesOwn) {
  auto sigs = signatures({
      R"(alert tcp any any -> any any (msg:"a"; content:"x"; threshold:type limit, track by_src, count 5, seconds 60; sid:1;))",
      R"(alert tcp any any -> any any (msg:"b"; content:"x"; detection_filter:track by_dst, count 9, seconds 9; sid:2;))",
      R"(alert tcp any any -> any any (msg:"c"; content:"x"; sid:3;))",
      R"(alert tcp any any -> any any (msg:"d"; content:"x"; gid:3; sid:4;))",
  });
  auto config = parse_config(
      "event_filter gen_id 0, sig_id 0, type threshold, track by_rule, count 7, seconds 70\n"
      "threshold gen_id 1, sig_id 2, type both, track by_both, count 2, seconds 20\n"
      "threshold gen_id 1, sig_id 99, type limit, track by_src, count 1, seconds 1\n");
  auto use = apply_threshold_config(config, sigs);
  EXPECT_EQ(sigs[0].threshold->count, 5u);  // its own stays: sid 0 does not override
  ASSERT_TRUE(sigs[1].threshold);
  EXPECT_EQ(sigs[1].threshold->type, "both");
  EXPECT_FALSE(sigs[1].detection_filter);
  EXPECT_EQ(sigs[2].threshold->count, 7u);
  EXPECT_EQ(sigs[3].threshold->count, 7u);  // gen_id 0 covers every gid
  EXPECT_EQ(use.thresholds_set, 3u);
  EXPECT_EQ(use.unmatched_lines, std::vector<size_t>{3});
}

TEST(ThresholdConfig, GenIdNarrowsASidZeroDirective) {
  auto sigs = signatures({
      R"(alert tcp any any -> any any (msg:"a"; content:"x"; sid:1;))",
      R"(alert tcp any any -> any any (msg:"b"; content:"x"; gid:3; sid:2;))",
  });
  auto config = parse_config("suppress gen_id 3, sig_id 0\n");
  auto use = apply_threshold_config(config, sigs);
  EXPECT_FALSE(sigs[0].alert_filters);
  ASSERT_TRUE(sigs[1].alert_filters);
  EXPECT_EQ(use.suppressions, 1u);
}

Detector detector_with(const std::vector<std::string>& rules, std::string_view thresholds) {
  auto sigs = signatures(rules);
  auto config = parse_config(thresholds);
  EXPECT_TRUE(config.errors.empty());
  apply_threshold_config(config, sigs);
  std::vector<InactiveRule> inactive;
  Detector d;
  EXPECT_TRUE(d.use(RuleSet::build(std::move(sigs), inactive)).has_value());
  return d;
}

std::vector<Alert> inspect(Detector& d, const decode::Packet& p) {
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, nullptr, {}, {}}, out);
  return out;
}

const std::string kRule = R"(alert tcp any any -> any any (msg:"x"; content:"x"; sid:1;))";

TEST(ThresholdConfigDetection, SuppressWithoutAddressesSilencesTheRule) {
  auto d = detector_with({kRule}, "suppress gen_id 1, sig_id 1\n");
  EXPECT_TRUE(inspect(d, packet("x")).empty());
  EXPECT_EQ(d.stats().alerts_suppressed, 1u);
}

TEST(ThresholdConfigDetection, SuppressBySourceOnlyForListedSources) {
  auto d = detector_with({kRule}, "suppress gen_id 1, sig_id 1, track by_src, ip [10.0.0.1, 10.5.0.0/16]\n");
  EXPECT_TRUE(inspect(d, packet("x", "10.0.0.1")).empty());
  EXPECT_TRUE(inspect(d, packet("x", "10.5.3.3")).empty());
  EXPECT_EQ(sids(inspect(d, packet("x", "10.0.0.9"))), std::vector<uint32_t>{1});
  // The destination is 10.0.0.2: a by_src suppression does not look at it.
  EXPECT_EQ(sids(inspect(d, packet("x", "10.9.0.1", 40000, "10.0.0.1"))), std::vector<uint32_t>{1});
}

TEST(ThresholdConfigDetection, SuppressByDestinationAndByEither) {
  auto by_dst = detector_with({kRule}, "suppress gen_id 1, sig_id 1, track by_dst, ip 10.0.0.2\n");
  EXPECT_TRUE(inspect(by_dst, packet("x", "10.0.0.1", 40000, "10.0.0.2")).empty());
  EXPECT_EQ(sids(inspect(by_dst, packet("x", "10.0.0.2", 40000, "10.0.0.3"))), std::vector<uint32_t>{1});
  auto either = detector_with({kRule}, "suppress gen_id 0, sig_id 0, track by_either, ip 10.0.0.2\n");
  EXPECT_TRUE(inspect(either, packet("x", "10.0.0.1", 40000, "10.0.0.2")).empty());
  EXPECT_TRUE(inspect(either, packet("x", "10.0.0.2", 40000, "10.0.0.3")).empty());
  EXPECT_EQ(sids(inspect(either, packet("x", "10.0.0.4", 40000, "10.0.0.3"))), std::vector<uint32_t>{1});
}

TEST(ThresholdConfigDetection, GlobalLimitPerSource) {
  auto d = detector_with({kRule}, "threshold gen_id 1, sig_id 1, type limit, track by_src, count 2, seconds 60\n");
  EXPECT_EQ(inspect(d, packet("x")).size(), 1u);
  EXPECT_EQ(inspect(d, packet("x")).size(), 1u);
  EXPECT_TRUE(inspect(d, packet("x")).empty());
  EXPECT_EQ(inspect(d, packet("x", "10.0.0.7")).size(), 1u);
}

TEST(ThresholdConfigDetection, RateFilterChangesTheActionPastTheRate) {
  auto d = detector_with({kRule}, "rate_filter gen_id 1, sig_id 1, track by_src, count 2, seconds 60, new_action drop, timeout 30\n");
  auto p = packet("x");
  for (int i = 0; i < 2; ++i) {
    auto alerts = inspect(d, p);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_FALSE(alerts[0].new_action);
  }
  auto third = inspect(d, p);
  ASSERT_EQ(third.size(), 1u);
  EXPECT_EQ(third[0].new_action, Action::Drop);
  p.ts_usec += 20'000'000;  // within the timeout
  EXPECT_EQ(inspect(d, p).at(0).new_action, Action::Drop);
  EXPECT_FALSE(inspect(d, packet("x", "10.0.0.8")).at(0).new_action);  // another source
  p.ts_usec += 31'000'000;  // timeout over: counting starts anew
  EXPECT_FALSE(inspect(d, p).at(0).new_action);
}

TEST(ThresholdConfigDetection, RateFilterPassDropsTheAlert) {
  auto d = detector_with({kRule}, "rate_filter gen_id 1, sig_id 1, track by_rule, count 1, seconds 60, new_action pass, timeout 60\n");
  EXPECT_EQ(inspect(d, packet("x")).size(), 1u);
  EXPECT_TRUE(inspect(d, packet("x", "10.0.0.9")).empty());
  EXPECT_EQ(d.stats().alerts_suppressed, 1u);
}

}  // namespace
}  // namespace rampart::detect::testing
