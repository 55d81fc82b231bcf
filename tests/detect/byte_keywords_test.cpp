// byte_test, byte_jump, byte_extract, byte_math, isdataat.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::match_at;
using testing::parse_options;

TEST(ByteTest, ParsesOperatorValueOffsetAndOptions) {
  auto sig = parse_options(R"(content:"x"; byte_test:1,!&,128,6,relative,little; byte_test:4,>,0x10,0,string,hex,bitmask 0xff;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& a = match_at<ByteTest>(*sig, "pkt_data", 1);
  EXPECT_EQ(a.read.bytes, 1u);
  EXPECT_TRUE(a.negated);
  EXPECT_EQ(a.op, "&");
  EXPECT_EQ(a.value.value, 128);
  EXPECT_EQ(a.read.offset.value, 6);
  EXPECT_TRUE(a.read.relative);
  EXPECT_EQ(a.read.endian, Endian::Little);
  const auto& b = match_at<ByteTest>(*sig, "pkt_data", 2);
  EXPECT_EQ(b.value.value, 16);
  EXPECT_EQ(b.read.base, NumberBase::Hex);
  EXPECT_EQ(b.read.bitmask, 0xffu);
}

TEST(ByteJump, ParsesFromBeginningPostOffsetAndMultiplier) {
  auto sig = parse_options(R"(content:"x"; byte_jump:2,-17,relative,from_beginning,little,multiplier 4,post_offset -3,align;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto& jump = match_at<ByteJump>(*sig, "pkt_data", 1);
  EXPECT_EQ(jump.read.offset.value, -17);
  EXPECT_EQ(jump.from, ByteJump::From::Beginning);
  EXPECT_EQ(jump.multiplier, 4u);
  EXPECT_EQ(jump.post_offset, -3);
  EXPECT_TRUE(jump.align);
}

TEST(ByteExtract, DefinesVariablesForLaterKeywords) {
  auto sig = parse_options(
      R"(byte_extract:2,0,size,multiplier 2; byte_math:bytes 1, offset 2, oper +, rvalue size, result total; isdataat:!total,relative; byte_test:1,=,size,total;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(match_at<ByteExtract>(*sig, "pkt_data", 0).name, "size");
  EXPECT_EQ(match_at<ByteExtract>(*sig, "pkt_data", 0).multiplier, 2u);
  const auto& math = match_at<ByteMath>(*sig, "pkt_data", 1);
  EXPECT_EQ(math.op, "+");
  EXPECT_EQ(math.rvalue.variable, "size");
  const auto& isdataat = match_at<IsDataAt>(*sig, "pkt_data", 2);
  EXPECT_TRUE(isdataat.negated);
  EXPECT_EQ(isdataat.size.variable, "total");
  EXPECT_EQ(match_at<ByteTest>(*sig, "pkt_data", 3).read.offset.variable, "total");
}

TEST(ByteKeywords, Errors) {
  EXPECT_EQ(parse_options("byte_test:9,=,1,0;").error().summary, "invalid byte_test");
  EXPECT_EQ(parse_options("byte_test:1,~,1,0;").error().summary, "invalid byte_test");
  EXPECT_EQ(parse_options("byte_test:1,=,1,0,sideways;").error().summary, "invalid byte_test");
  EXPECT_EQ(parse_options("byte_test:1,=,unknown_var,0;").error().summary, "invalid byte_test");
  EXPECT_EQ(parse_options("byte_extract:1,0,v; byte_extract:1,0,v;").error().summary, "invalid byte_extract");
  EXPECT_EQ(parse_options("byte_math:bytes 1, offset 0, rvalue 2, result r;").error().summary, "invalid byte_math");
  EXPECT_EQ(parse_options("isdataat:10,sideways;").error().summary, "invalid isdataat");
}

}  // namespace
}  // namespace rampart::detect
