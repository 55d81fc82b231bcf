// pcre: flags, buffer flags, relative matches, captures and compile errors.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::match_at;
using testing::parse_options;

TEST(Pcre, CompilesWithFlags) {
  auto sig = parse_options(R"(pcre:"/^abc\d+$/smi";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& pcre = match_at<PcreMatch>(*sig, "pkt_data", 0);
  EXPECT_EQ(pcre.expression, R"(^abc\d+$)");
  EXPECT_EQ(pcre.flags, "smi");
  EXPECT_TRUE(pcre.nocase);
  ASSERT_NE(pcre.regex, nullptr);
  EXPECT_TRUE(pcre.regex->jit_compiled());
  uint32_t options = 0;
  pcre2_pattern_info(pcre.regex->code(), PCRE2_INFO_ARGOPTIONS, &options);
  EXPECT_EQ(options & (PCRE2_CASELESS | PCRE2_DOTALL | PCRE2_MULTILINE), PCRE2_CASELESS | PCRE2_DOTALL | PCRE2_MULTILINE);
}

TEST(Pcre, BufferFlagsSelectHttpBuffers) {
  auto sig = parse_options(R"(content:"/x"; http_uri; pcre:"/\/x\d/U"; pcre:!"/y/H";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->app_protocol, "http");
  EXPECT_EQ(match_at<PcreMatch>(*sig, "http.uri", 1).expression, R"(\/x\d)");
  const auto& header = sig->inspection("http.header");
  ASSERT_NE(header, nullptr);
  EXPECT_TRUE(std::get<PcreMatch>(header->matches[0]).negated);
}

TEST(Pcre, RelativeFollowsThePreviousContentsBuffer) {
  auto sig = parse_options(R"(content:"a="; http_client_body; pcre:"/[^&]+/R";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_TRUE(match_at<PcreMatch>(*sig, "http.request_body", 1).relative);
}

TEST(Pcre, CaptureListNamesTheGroupsInOrder) {
  auto sig = parse_options(R"(pcre:"/^(\w+) (\d+) (\S+)/i, alert:word, flow:number, pkt:rest";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& pcre = match_at<PcreMatch>(*sig, "pkt_data", 0);
  EXPECT_EQ(pcre.flags, "i");
  ASSERT_EQ(pcre.captures.size(), 3u);
  EXPECT_EQ(pcre.captures[0].group, 1u);
  EXPECT_EQ(pcre.captures[0].scope, CaptureScope::Alert);
  EXPECT_EQ(pcre.captures[0].name, "word");
  EXPECT_EQ(pcre.captures[1].scope, CaptureScope::Flow);
  EXPECT_EQ(pcre.captures[1].name, "number");
  EXPECT_EQ(pcre.captures[2].group, 3u);
  EXPECT_EQ(pcre.captures[2].scope, CaptureScope::Packet);
}

TEST(Pcre, NamedGroupsCaptureByPrefix) {
  auto sig = parse_options(R"(pcre:"/(?P<pkt_b>x)(?P<other>y)(?P<flow_a>z)/";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& captures = match_at<PcreMatch>(*sig, "pkt_data", 0).captures;
  ASSERT_EQ(captures.size(), 2u);
  EXPECT_EQ(captures[0].group, 1u);
  EXPECT_EQ(captures[0].scope, CaptureScope::Packet);
  EXPECT_EQ(captures[0].name, "b");
  EXPECT_EQ(captures[1].group, 3u);
  EXPECT_EQ(captures[1].scope, CaptureScope::Flow);
  EXPECT_EQ(captures[1].name, "a");
}

TEST(Pcre, KeyValuePairNamesAPacketVariable) {
  auto sig = parse_options(R"(pcre:"/(\w+)=(\w+)/, pkt:key, pkt:value";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& captures = match_at<PcreMatch>(*sig, "pkt_data", 0).captures;
  ASSERT_EQ(captures.size(), 2u);
  EXPECT_EQ(captures[0].scope, CaptureScope::PacketKey);
  EXPECT_EQ(captures[1].scope, CaptureScope::PacketValue);
}

TEST(Pcre, CaptureErrors) {
  EXPECT_EQ(parse_options(R"(pcre:"/(a)/, host:x";)").error().summary, "invalid pcre");
  EXPECT_EQ(parse_options(R"(pcre:"/(a)/, flow:";)").error().summary, "invalid pcre");
  // More names than groups.
  EXPECT_EQ(parse_options(R"(pcre:"/(a)/, flow:x, flow:y";)").error().summary, "invalid pcre");
}

TEST(Pcre, Errors) {
  EXPECT_EQ(parse_options(R"(pcre:"/(unclosed/";)").error().summary, "invalid pcre");
  EXPECT_EQ(parse_options(R"(pcre:"/a/q";)").error().summary, "invalid pcre");
  EXPECT_EQ(parse_options(R"(pcre:"abc";)").error().summary, "invalid pcre");
  EXPECT_EQ(parse_options(R"(pcre:"/a/R";)").error().summary, "relative pcre without previous match");
  EXPECT_EQ(parse_options(R"(http.uri; pcre:"/a/H";)").error().summary, "conflicting modifiers");
}

}  // namespace
}  // namespace rampart::detect
