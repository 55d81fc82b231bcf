// content and its modifiers.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::match_at;
using testing::parse_options;

TEST(Content, DecodesHexEscapesAndNegation) {
  auto sig = parse_options(R"(content:"GET|20 2f|a\"\;\\"; content:!"x";)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& first = match_at<ContentMatch>(*sig, "pkt_data", 0);
  EXPECT_EQ(first.pattern, "GET /a\";\\");
  EXPECT_FALSE(first.negated);
  EXPECT_TRUE(match_at<ContentMatch>(*sig, "pkt_data", 1).negated);
}

TEST(Content, ModifiersApplyToThePreviousContent) {
  auto sig = parse_options(R"(content:"abc"; nocase; offset:2; depth:10; content:"de"; distance:-1; within:5; endswith;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& a = match_at<ContentMatch>(*sig, "pkt_data", 0);
  EXPECT_TRUE(a.nocase);
  EXPECT_EQ(a.offset->value, 2);
  EXPECT_EQ(a.depth->value, 10);
  EXPECT_FALSE(a.is_relative());
  const auto& b = match_at<ContentMatch>(*sig, "pkt_data", 1);
  EXPECT_EQ(b.distance->value, -1);
  EXPECT_EQ(b.within->value, 5);
  EXPECT_TRUE(b.endswith);
  EXPECT_TRUE(b.is_relative());
}

TEST(Content, ByteExtractVariablesAsPositions) {
  auto sig = parse_options(R"(content:"x"; byte_extract:1,0,len,relative; content:"y"; distance:len; within:len;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& y = match_at<ContentMatch>(*sig, "pkt_data", 2);
  EXPECT_EQ(y.distance->variable, "len");
  EXPECT_TRUE(y.within->is_variable());
}

TEST(Content, FastPatternExplicitOnlyAndChop) {
  auto sig = parse_options(R"(content:"longest pattern"; content:"abcdef"; fast_pattern:1,3;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->fast_pattern, (MatchLocation{0, 1}));
  const auto& c = match_at<ContentMatch>(*sig, "pkt_data", 1);
  EXPECT_EQ(c.fast_pattern_chop, (FastPatternChop{1, 3}));
  auto only = parse_options(R"(content:"abc"; fast_pattern:only;)");
  ASSERT_TRUE(only);
  EXPECT_TRUE(match_at<ContentMatch>(*only, "pkt_data", 0).fast_pattern_only);
}

TEST(Content, FastPatternDefaultsToTheLongestPositiveContent) {
  auto sig = parse_options(R"(content:"ab"; content:!"negated-long"; content:"abcd";)");
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->fast_pattern, (MatchLocation{0, 2}));
}

TEST(Content, StartswithSetsAnAnchor) {
  auto sig = parse_options(R"(content:"GET"; startswith;)");
  ASSERT_TRUE(sig);
  EXPECT_TRUE(match_at<ContentMatch>(*sig, "pkt_data", 0).startswith);
}

TEST(Content, InvalidCombinationsAreErrors) {
  EXPECT_EQ(parse_options(R"(content:"abc"; depth:2;)").error().summary, "invalid depth");
  EXPECT_EQ(parse_options(R"(content:"abc"; depth:5; distance:1;)").error().summary, "conflicting modifiers");
  EXPECT_EQ(parse_options(R"(content:"abc"; within:2;)").error().summary, "invalid within");
  EXPECT_EQ(parse_options(R"(content:"abc"; nocase; nocase;)").error().summary, "duplicate modifier");
  EXPECT_EQ(parse_options(R"(nocase; content:"abc";)").error().summary, "nocase without content");
  EXPECT_EQ(parse_options(R"(content:"a"; fast_pattern; content:"b"; fast_pattern;)").error().summary, "multiple fast_pattern");
  EXPECT_EQ(parse_options(R"(content:"abc"; startswith; offset:1;)").error().summary, "conflicting modifiers");
  EXPECT_EQ(parse_options(R"(content:"|4|";)").error().summary, "invalid content");
  EXPECT_EQ(parse_options(R"(content:"";)").error().summary, "invalid content");
  EXPECT_EQ(parse_options(R"(content:"a"; distance:nope;)").error().summary, "invalid distance");
}

}  // namespace
}  // namespace rampart::detect
