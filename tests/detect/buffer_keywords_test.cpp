// Sticky buffers, Snort-era content modifiers, transforms and app-layer value keywords.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::match_at;
using testing::parse;
using testing::parse_options;

TEST(StickyBuffers, SelectTheBufferForFollowingMatches) {
  auto sig = parse("alert http any any -> any any (flow:to_server; http.method; content:\"POST\"; http.uri; bsize:>5; "
                   "content:\"/a\"; startswith; http.header_names; content:\"|0d 0a|Host\"; sid:1;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*sig, "http.method", 0).pattern, "POST");
  EXPECT_EQ(match_at<ContentMatch>(*sig, "http.uri", 0).pattern, "/a");
  EXPECT_EQ(sig->inspection("http.uri")->sizes.at(0), (NumericCondition{NumericCondition::Op::Greater, 5, 0}));
  EXPECT_EQ(sig->inspection("http.uri")->direction, FlowDirection::ToServer);
  EXPECT_EQ(sig->inspection("pkt_data"), nullptr);
}

// Suricata 8's transactional rules: a buffer both directions have names its side,
// and the two sides are two inspections.
TEST(StickyBuffers, TransactionalRuleNamesTheSideOfAnAmbiguousBuffer) {
  auto sig = parse("alert http any any => any any (http.connection: to_client; content:\"eep\"; "
                   "http.connection: to_server; content:\"ose\"; filesize: to_client, >100; sid:14;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_TRUE(sig->header.transactional);
  ASSERT_EQ(sig->inspections.size(), 3u);
  EXPECT_EQ(sig->inspections[0].direction, FlowDirection::ToClient);
  EXPECT_TRUE(sig->inspections[0].side_given);
  EXPECT_EQ(sig->inspections[1].direction, FlowDirection::ToServer);
  EXPECT_EQ(std::get<ContentMatch>(sig->inspections[1].matches.at(0)).pattern, "ose");
  EXPECT_EQ(sig->inspections[2].buffer, "file.size");
  EXPECT_EQ(sig->inspections[2].direction, FlowDirection::ToClient);
}

TEST(StickyBuffers, OnlyATransactionalRuleNamesASideAndOnlyOfAnAmbiguousBuffer) {
  const char* bad[] = {
      "alert http any any -> any any (http.connection: to_client; content:\"a\"; sid:1;)",
      "alert http any any => any any (http.uri: to_client; content:\"a\"; sid:1;)",
      "alert http any any => any any (http.connection: sideways; content:\"a\"; sid:1;)",
      "alert http any any -> any any (filesize: to_client, >100; sid:1;)",
      "alert http any any => any any (filesize: upward, >100; sid:1;)",
  };
  for (const char* rule : bad) EXPECT_FALSE(parse(rule)) << rule;
}

TEST(StickyBuffers, OldNamesAreAliases) {
  auto sig = parse_options(R"(dns_query; content:"evil"; file_data; content:"MZ"; http.response_body; content:"x";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*sig, "dns.query", 0).pattern, "evil");
  EXPECT_EQ(sig->inspection("file.data")->matches.size(), 2u);
  EXPECT_EQ(sig->app_protocol, "dns");
}

TEST(LegacyModifiers, MoveThePreviousContentWithItsModifiers) {
  auto sig = parse_options(R"(content:"GET"; http_method; content:"/x.php"; nocase; http_uri; content:"a"; fast_pattern; http_header; uricontent:"id=";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*sig, "http.method", 0).pattern, "GET");
  const auto& uri = match_at<ContentMatch>(*sig, "http.uri", 0);
  EXPECT_TRUE(uri.nocase);
  EXPECT_EQ(match_at<ContentMatch>(*sig, "http.uri", 1).pattern, "id=");
  EXPECT_TRUE(match_at<ContentMatch>(*sig, "http.header", 0).fast_pattern);
  EXPECT_EQ(sig->inspection("pkt_data"), nullptr);
  EXPECT_EQ(sig->app_protocol, "http");
}

TEST(LegacyModifiers, ContentAlreadyInAStickyBufferCannotMove) {
  EXPECT_EQ(parse_options(R"(file_data; content:"a"; http_header;)").error().summary, "content in two buffers");
}

TEST(StickyBuffers, ProtocolAndDirectionConflicts) {
  EXPECT_EQ(parse("alert dns any any -> any any (http.uri; content:\"a\"; sid:1;)").error().summary, "conflicting protocols");
  EXPECT_EQ(parse("alert icmp any any -> any any (http.uri; content:\"a\"; sid:1;)").error().summary, "conflicting protocols");
  EXPECT_EQ(parse_options(R"(flow:to_client; http.uri; content:"a";)").error().summary, "conflicting directions");
}

TEST(Transforms, FollowTheStickyBuffer) {
  auto sig = parse_options(R"(dns.query; dotprefix; to_lowercase; xor:"0d0a"; content:".example";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->inspection("dns.query")->transforms, (std::vector<std::string>{"dotprefix", "to_lowercase", "xor:\"0d0a\""}));
  EXPECT_EQ(parse_options(R"(dotprefix; content:"a";)").error().summary, "transform without sticky buffer");
  // A transform after matches starts a second inspection of the buffer, transformed.
  auto split = parse_options(R"(http.uri; to_lowercase; content:"a"; from_base64; content:"b";)");
  ASSERT_TRUE(split.has_value());
  ASSERT_EQ(split->inspections.size(), 2u);
  EXPECT_EQ(split->inspections[0].transforms, (std::vector<std::string>{"to_lowercase"}));
  EXPECT_EQ(split->inspections[0].matches.size(), 1u);
  EXPECT_EQ(split->inspections[1].buffer, "http.uri");
  EXPECT_EQ(split->inspections[1].transforms, (std::vector<std::string>{"to_lowercase", "from_base64:"}));
  EXPECT_EQ(split->inspections[1].matches.size(), 1u);
  EXPECT_EQ(parse_options(R"(dns.query; luaxform:x.lua;)").error().summary, "unsupported keyword luaxform");
}

TEST(Base64, DecodeThenData) {
  auto sig = parse_options(R"(content:"a"; base64_decode:bytes 10,offset 1,relative; base64_data; content:"b";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& decode = match_at<Base64Decode>(*sig, "pkt_data", 1);
  EXPECT_EQ(decode.bytes, 10u);
  EXPECT_TRUE(decode.relative);
  EXPECT_EQ(match_at<ContentMatch>(*sig, "base64_data", 0).pattern, "b");
  EXPECT_FALSE(parse_options(R"(base64_data; content:"b";)"));
}

TEST(AppKeywords, ValueKeywordsTieTheRuleToTheirProtocol) {
  auto sig = parse_options("tls.version:1.2; enip_command:99;");
  EXPECT_FALSE(sig);  // tls and enip
  sig = parse_options("tls.version:1.2;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->app_protocol, "tls");
  ASSERT_EQ(sig->app_conditions.size(), 1u);
  EXPECT_EQ(sig->app_conditions[0].value, "1.2");
  auto modbus = parse_options("modbus:function 1;");
  ASSERT_TRUE(modbus);
  EXPECT_EQ(modbus->app_protocol, "modbus");
  EXPECT_FALSE(parse_options("tls.version:9.9;"));
  EXPECT_FALSE(parse_options("app-layer-protocol:nonsense;"));
}

TEST(Reputation, DatasetAndIprep) {
  auto sig = parse_options("dns.query; dataset:isset,bad-domains,type string,load bad.lst; iprep:src,BadHosts,>,30;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->datasets[0].name, "bad-domains");
  EXPECT_EQ(sig->datasets[0].load, "bad.lst");
  EXPECT_EQ(sig->ip_reputations[0].condition, (NumericCondition{NumericCondition::Op::Greater, 30, 0}));
  EXPECT_TRUE(parse_options("dns.query; dataset:isset,x;"));  // a set the config declares
  EXPECT_FALSE(parse_options("dns.query; dataset:isset,x,type blob;"));
  EXPECT_FALSE(parse_options("iprep:src,BadHosts,>,300;"));
}

}  // namespace
}  // namespace rampart::detect
