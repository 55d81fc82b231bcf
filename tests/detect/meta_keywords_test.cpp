// msg, sid, rev, gid, classtype, priority, reference, metadata, target, tag, noalert, requires.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::parse;
using testing::parse_options;
using testing::test_context;

TEST(Meta, IdentityAndMessage) {
  auto sig = parse(R"(alert tcp any any -> any any (msg:"ET TEST a\;b \"q\""; sid:2000001; rev:3; gid:2;))");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->meta.msg, "ET TEST a;b \"q\"");
  EXPECT_EQ(sig->meta.sid, 2000001u);
  EXPECT_EQ(sig->meta.rev, 3u);
  EXPECT_EQ(sig->meta.gid, 2u);
}

TEST(Meta, ClasstypeGivesPriorityUnlessPriorityIsExplicit) {
  auto sig = parse_options("classtype:trojan-activity;");
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->meta.priority, 1);
  EXPECT_EQ(sig->meta.class_description, "A Network Trojan was detected");
  auto explicit_priority = parse_options("priority:4; classtype:trojan-activity;");
  ASSERT_TRUE(explicit_priority);
  EXPECT_EQ(explicit_priority->meta.priority, 4);
  EXPECT_EQ(parse_options("classtype:nope;").error().summary, "unknown classtype");
}

// As Suricata with its installed classification.config: without a file of their
// own, rules take the standard table, and a classtype it lacks is kept unchecked.
TEST(Meta, StandardClassificationsWithoutAConfiguredFile) {
  RuleContext context;
  auto sig = parse_signature("alert tcp any any -> any any (classtype:protocol-command-decode; sid:1;)", context);
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  EXPECT_EQ(sig->meta.class_description, "Generic Protocol Command Decode");
  EXPECT_EQ(sig->meta.priority, 3);
  auto own = parse_signature("alert tcp any any -> any any (classtype:site-specific; sid:2;)", context);
  ASSERT_TRUE(own.has_value()) << own.error().detail;
  EXPECT_EQ(own->meta.classtype, "site-specific");
  EXPECT_EQ(own->meta.class_description, "");
}

TEST(Meta, ReferencesResolveThroughReferenceConfig) {
  auto sig = parse_options("reference:cve,2021-44228; reference:arachnids,123;");
  ASSERT_TRUE(sig);
  ASSERT_EQ(sig->meta.references.size(), 2u);
  EXPECT_EQ(sig->meta.references[0].url, "http://cve.mitre.org/cgi-bin/cvename.cgi?name=2021-44228");
  EXPECT_EQ(sig->meta.references[1].system, "arachnids");
  EXPECT_EQ(sig->meta.references[1].url, "");
  EXPECT_FALSE(parse_options("reference:cve;"));
}

TEST(Meta, MetadataTargetTagNoalert) {
  auto sig = parse_options("metadata:created_at 2020_01_01, former_category MALWARE; target:dest_ip; tag:session,5,packets; noalert;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->meta.metadata.size(), 2u);
  EXPECT_EQ(sig->meta.metadata[1], (std::pair<std::string, std::string>{"former_category", "MALWARE"}));
  EXPECT_EQ(sig->meta.target, "dest_ip");
  ASSERT_EQ(sig->tags.size(), 1u);
  EXPECT_EQ(sig->tags[0].count, 5u);
  EXPECT_EQ(sig->tags[0].scope, TagAction::Scope::Session);
  EXPECT_TRUE(sig->noalert);
  EXPECT_FALSE(parse_options("target:nobody;"));
  EXPECT_EQ(parse_options("sid:0;").error().summary, "invalid sid");
}

TEST(Meta, EveryTagOfARuleIsKeptWithSuricatasDefaults) {
  auto sig = parse_options("tag:host; tag:host,9,bytes,src; tag:session,3,seconds;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->tags.size(), 3u);
  EXPECT_EQ(sig->tags[0].scope, TagAction::Scope::Host);
  EXPECT_FALSE(sig->tags[0].host_is_source);  // the destination by default
  EXPECT_EQ(sig->tags[0].count, 256u);
  EXPECT_EQ(sig->tags[0].metric, TagMetric::Packets);
  EXPECT_TRUE(sig->tags[1].host_is_source);
  EXPECT_EQ(sig->tags[1].metric, TagMetric::Bytes);
  EXPECT_EQ(sig->tags[2].metric, TagMetric::Seconds);
  EXPECT_FALSE(parse_options("tag:session,3,seconds,src;"));
  EXPECT_FALSE(parse_options("tag:host,3,hours;"));
}

TEST(Requires, UnmetRequirementsSkipTheRule) {
  auto context = test_context();
  auto skipped = parse_rule("alert tcp any any -> any any (requires: feature geoip; foo_unknown; sid:7;)", context);
  ASSERT_TRUE(skipped);
  ASSERT_TRUE(std::holds_alternative<SkippedRule>(*skipped));
  EXPECT_EQ(std::get<SkippedRule>(*skipped).sid, 7u);
  EXPECT_EQ(std::get<SkippedRule>(*skipped).reason, "requires feature geoip");
  auto newer = parse_rule("alert tcp any any -> any any (requires: version >= 9; sid:8;)", context);
  ASSERT_TRUE(newer);
  EXPECT_TRUE(std::holds_alternative<SkippedRule>(*newer));
  auto met = parse_rule("alert tcp any any -> any any (requires: version >= 7.0.3 < 9 | >= 10; sid:9;)", context);
  ASSERT_TRUE(met);
  EXPECT_TRUE(std::holds_alternative<Signature>(*met));
}

TEST(Requires, KeywordsAndBuffersTheEngineHas) {
  auto context = test_context();
  auto known = parse_rule("alert http any any -> any any (requires: version >= 8, keyword sid, keyword http.uri; sid:8;)", context);
  ASSERT_TRUE(known);
  EXPECT_TRUE(std::holds_alternative<Signature>(*known));
  auto unknown = parse_rule("alert http any any -> any any (requires: version >= 8, keyword foobar; sid:100;)", context);
  ASSERT_TRUE(unknown);
  ASSERT_TRUE(std::holds_alternative<SkippedRule>(*unknown));
  EXPECT_EQ(std::get<SkippedRule>(*unknown).reason, "requires keyword foobar");
}

}  // namespace
}  // namespace rampart::detect
