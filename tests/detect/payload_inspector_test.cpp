// inspect_payload: each keyword family on byte strings, retries, negation, variables,
// base64_decode's output and the evaluation cap on a pathological buffer.
#include <chrono>
#include <string>
#include <string_view>

#include "detect/payload_inspector.hpp"
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// A rule's pkt_data matches with the state one evaluation needs.
class Rule {
 public:
  explicit Rule(const std::string& options) : Rule(options, "pkt_data") {}
  Rule(const std::string& options, std::string_view buffer) {
    auto sig = testing::parse_options(options);
    EXPECT_TRUE(sig) << options << ": " << (sig ? "" : sig.error().detail);
    if (!sig) return;
    signature_ = std::move(*sig);
    const auto* inspection = signature_.inspection(buffer);
    EXPECT_NE(inspection, nullptr) << "no " << buffer << " in " << options;
    if (inspection != nullptr) matches_ = inspection->matches;
  }

  bool on(std::string_view buffer, size_t min_end = 0) {
    vars.clear();
    return inspect_payload(matches_, bytes_of(buffer), vars, scratch, min_end);
  }

  const Signature& signature() const { return signature_; }

  MatchVariables vars;
  InspectionScratch scratch;

 private:
  Signature signature_;
  std::span<const PayloadMatch> matches_;
};

TEST(PayloadContent, FindsPatternAnywhere) {
  Rule rule(R"(content:"abc";)");
  EXPECT_TRUE(rule.on("xxabcxx"));
  EXPECT_FALSE(rule.on("xxabxcx"));
  EXPECT_FALSE(rule.on(""));
}

TEST(PayloadContent, NocaseFoldsAsciiLetters) {
  EXPECT_TRUE(Rule(R"(content:"AbC"; nocase;)").on("xaBcx"));
  EXPECT_FALSE(Rule(R"(content:"AbC";)").on("xaBcx"));
}

TEST(PayloadContent, OffsetAndDepthBoundTheWindow) {
  Rule rule(R"(content:"abc"; offset:2; depth:3;)");
  EXPECT_TRUE(rule.on("xxabc"));
  EXPECT_FALSE(rule.on("xabcx"));
  EXPECT_FALSE(rule.on("xxxabc"));
}

TEST(PayloadContent, DistanceAndWithinFollowThePreviousMatch) {
  Rule rule(R"(content:"a"; content:"b"; distance:1; within:1;)");
  EXPECT_TRUE(rule.on("axb"));
  EXPECT_FALSE(rule.on("ab"));
  EXPECT_FALSE(rule.on("axxb"));
}

TEST(PayloadContent, NegativeDistanceLooksBack) {
  Rule rule(R"(content:"bc"; content:"ab"; distance:-3; within:2;)");
  EXPECT_TRUE(rule.on("abc"));
  EXPECT_FALSE(rule.on("xbc"));
}

TEST(PayloadContent, RetriesEarlierContentAtItsNextOccurrence) {
  Rule rule(R"(content:"a"; content:"b"; within:1;)");
  EXPECT_TRUE(rule.on("axxab"));
  EXPECT_FALSE(rule.scratch.inspection_limit_reached());
  EXPECT_FALSE(rule.on("axxaxb"));
}

TEST(PayloadContent, RetriesAcrossThreeLevels) {
  Rule rule(R"(content:"a"; content:"b"; within:2; content:"c"; within:1;)");
  EXPECT_TRUE(rule.on("abxa-bc"));
  EXPECT_FALSE(rule.on("abxa-bd"));
}

// Suricata 8 retries a content only for a following content with within; a failing
// relative byte keyword ends the inspection.
TEST(PayloadContent, ByteKeywordFailureDoesNotRetryTheContent) {
  Rule rule(R"(content:"a"; byte_test:1,=,66,0,relative;)");
  EXPECT_TRUE(rule.on("aB"));
  EXPECT_FALSE(rule.on("axaB"));
}

TEST(PayloadContent, StartswithAndEndswith) {
  Rule starts(R"(content:"GET"; startswith;)");
  EXPECT_TRUE(starts.on("GET /"));
  EXPECT_FALSE(starts.on(" GET /"));
  Rule ends(R"(content:"com"; endswith;)");
  EXPECT_TRUE(ends.on("a.com"));
  EXPECT_TRUE(ends.on("com.com"));
  EXPECT_FALSE(ends.on("a.com."));
  Rule relative_end(R"(content:"a"; content:"z"; distance:0; endswith;)");
  EXPECT_TRUE(relative_end.on("a-z-z"));
  EXPECT_FALSE(relative_end.on("z-a-z-"));
}

TEST(PayloadContent, NegationMeansAbsentFromTheWindow) {
  Rule absent(R"(content:!"evil";)");
  EXPECT_TRUE(absent.on("good"));
  EXPECT_FALSE(absent.on("so evil"));
  Rule relative(R"(content:"a"; content:!"b"; within:1;)");
  EXPECT_TRUE(relative.on("abac"));
  EXPECT_FALSE(relative.on("abab"));
  EXPECT_TRUE(Rule(R"(content:"x"; content:!"y"; distance:5;)").on("x"));
  EXPECT_FALSE(Rule(R"(content:!"GET"; startswith;)").on("GET /"));
  EXPECT_TRUE(Rule(R"(content:!".com"; endswith;)").on("a.com.net"));
}

TEST(PayloadContent, PositionsFromVariables) {
  Rule offset(R"(byte_extract:1,0,off; content:"x"; offset:off;)");
  EXPECT_TRUE(offset.on("\x03" "abcx"));
  EXPECT_FALSE(offset.on("\x05" "abcx"));
  Rule depth(R"(byte_extract:1,0,d; content:"x"; depth:d;)");
  EXPECT_TRUE(depth.on("\x02" "x--"));
  EXPECT_FALSE(depth.on("\x01" "ax"));
  Rule within(R"(byte_extract:1,0,len; content:"abc"; distance:0; within:len;)");
  EXPECT_TRUE(within.on("\x03" "abc"));
  EXPECT_FALSE(within.on("\x02" "abc"));
}

TEST(PayloadPcre, MatchesAndMovesThePosition) {
  EXPECT_TRUE(Rule(R"(pcre:"/a.c/";)").on("xabcx"));
  EXPECT_FALSE(Rule(R"(pcre:"/a.c/";)").on("xacbx"));
  Rule moved(R"(pcre:"/ab/"; content:"c"; distance:0; within:1;)");
  EXPECT_TRUE(moved.on("abc"));
  EXPECT_FALSE(moved.on("abxc"));
}

TEST(PayloadPcre, RelativeStartsAtThePreviousMatch) {
  Rule rule(R"(content:"foo"; pcre:"/^bar/R";)");
  EXPECT_TRUE(rule.on("foobar"));
  EXPECT_FALSE(rule.on("foo bar"));
  EXPECT_FALSE(rule.on("barfoo"));
}

TEST(PayloadPcre, NegatedMeansNoMatch) {
  Rule rule(R"(pcre:!"/evil/i";)");
  EXPECT_TRUE(rule.on("good"));
  EXPECT_FALSE(rule.on("EVIL"));
}

TEST(PayloadPcre, RetriedWhenARelativeKeywordFollows) {
  Rule rule(R"(pcre:"/a./"; content:"z"; within:1;)");
  EXPECT_TRUE(rule.on("abxacz"));
  EXPECT_FALSE(rule.on("abxacy"));
}

TEST(PayloadPcre, BacktrackingIsBoundedByTheMatchLimit) {
  Rule rule(R"(pcre:"/(a+)+$/";)");
  std::string hostile(40, 'a');
  hostile += '!';
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(rule.on(hostile));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

// Each repetition of a capturing group costs JIT stack: the scratch's grown stack lets
// this match where PCRE2's default 32 KiB would give up.
TEST(PayloadPcre, DeepJitBacktrackingUsesTheScratchStack) {
  Rule rule(R"(pcre:"/^(a|b)*c/O";)");
  std::string deep(3000, 'a');
  EXPECT_TRUE(rule.on(deep + "c"));
  EXPECT_FALSE(rule.on(deep + "d"));
}

TEST(PayloadByteTest, ComparesBinaryNumbers) {
  EXPECT_TRUE(Rule("byte_test:1,=,65,0;").on("A"));
  EXPECT_TRUE(Rule("byte_test:2,>,0x100,0,little;").on("\x01\x02"));
  EXPECT_FALSE(Rule("byte_test:2,>,0x1000,0;").on("\x01\x02"));
  EXPECT_TRUE(Rule("byte_test:1,!=,65,0;").on("B"));
  EXPECT_TRUE(Rule("byte_test:1,&,1,0;").on("\x03"));
  EXPECT_FALSE(Rule("byte_test:1,&,4,0;").on("\x03"));
  EXPECT_TRUE(Rule("byte_test:1,^,1,0;").on("\x03"));
  EXPECT_TRUE(Rule("byte_test:1,<=,3,0;").on("\x03"));
  EXPECT_TRUE(Rule("byte_test:4,=,1,0,dce;").on(std::string_view("\x01\x00\x00\x00", 4)));
}

TEST(PayloadByteTest, StringNumbersAndBitmask) {
  Rule decimal("byte_test:3,=,123,0,string,dec;");
  EXPECT_TRUE(decimal.on("123x"));
  EXPECT_FALSE(decimal.on("12x4"));
  EXPECT_FALSE(decimal.on("abc"));
  EXPECT_TRUE(Rule("byte_test:2,=,255,0,string,hex;").on("ff"));
  EXPECT_TRUE(Rule("byte_test:3,=,8,0,string,oct;").on("010"));
  EXPECT_TRUE(Rule("byte_test:1,=,3,0,bitmask 0x30;").on("\x3f"));
}

TEST(PayloadByteTest, RelativeAndOutOfBuffer) {
  Rule relative(R"(content:"x"; byte_test:1,=,66,0,relative;)");
  EXPECT_TRUE(relative.on("xB"));
  EXPECT_FALSE(relative.on("x"));
  EXPECT_FALSE(Rule("byte_test:4,=,1,0;").on("ab"));
  EXPECT_FALSE(Rule(R"(content:"x"; byte_test:1,=,66,-2,relative;)").on("xB"));
}

TEST(PayloadByteJump, JumpsFromTheNumberEnd) {
  Rule rule(R"(content:"x"; byte_jump:1,0,relative; content:"y"; within:1;)");
  EXPECT_TRUE(rule.on("x\x02" "aby"));
  EXPECT_FALSE(rule.on("x\x01" "aby"));
  EXPECT_FALSE(Rule("byte_jump:1,0;").on("\x10" "ab"));
  Rule to_end("byte_jump:1,0; isdataat:!1,relative;");
  EXPECT_TRUE(to_end.on("\x02" "ab"));
  EXPECT_FALSE(to_end.on("\x03" "ab"));
  EXPECT_TRUE(Rule("byte_jump:0,0,from_end; isdataat:!1,relative;").on("abc"));
}

TEST(PayloadByteJump, BeginningEndMultiplierAlignAndPostOffset) {
  EXPECT_TRUE(Rule(R"(byte_jump:1,0,from_beginning; content:"z"; within:1;)").on("\x03" "abz"));
  EXPECT_TRUE(Rule(R"(byte_jump:0,0,from_end,post_offset -2; content:"yz"; within:2;)").on("abcyz"));
  EXPECT_TRUE(Rule(R"(byte_jump:1,0,multiplier 2; content:"q"; within:1;)").on("\x01" "abq"));
  EXPECT_TRUE(Rule(R"(byte_jump:1,0,align; content:"q"; within:1;)").on("\x01" "abcdq"));
  EXPECT_TRUE(Rule(R"(byte_jump:1,0,post_offset 1; content:"q"; within:1;)").on("\x01" "abq"));
  EXPECT_TRUE(Rule(R"(byte_jump:2,0,dce; content:"q"; within:1;)").on(std::string_view("\x02\x00" "abq", 5)));
  EXPECT_TRUE(Rule(R"(byte_jump:2,0,string,dec; content:"q"; within:1;)").on("03abcq"));
}

TEST(PayloadByteExtract, StoresValuesForLaterKeywords) {
  Rule rule("byte_extract:1,0,len; byte_test:1,=,len,1;");
  EXPECT_TRUE(rule.on("\x07\x07"));
  EXPECT_EQ(rule.vars.get("len"), 7u);
  EXPECT_FALSE(rule.on("\x07\x08"));
  EXPECT_TRUE(Rule("byte_extract:1,0,n,multiplier 2; byte_test:1,=,n,1;").on("\x02\x04"));
  EXPECT_TRUE(Rule("byte_extract:1,0,n,align 4; byte_test:1,=,n,1;").on("\x05\x08"));
  EXPECT_TRUE(Rule("byte_extract:2,0,n,string,dec; byte_test:1,=,n,2;").on("12\x0c"));
  EXPECT_FALSE(Rule("byte_extract:2,0,n,string,dec; byte_test:1,=,n,2;").on("zz\x0c"));
  Rule relative(R"(content:"L"; byte_extract:2,0,n,relative,little; content:"x"; distance:n; within:1;)");
  EXPECT_TRUE(relative.on(std::string_view("L\x02\x00" "abx", 6)));
}

TEST(PayloadByteMath, ComputesResults) {
  EXPECT_TRUE(Rule("byte_math:bytes 1, offset 0, oper +, rvalue 2, result s; byte_test:1,=,s,1;").on("\x03\x05"));
  EXPECT_TRUE(Rule("byte_extract:1,0,a; byte_math:bytes 1, offset 1, oper *, rvalue a, result m; byte_test:1,=,m,2;")
                  .on("\x03\x02\x06"));
  EXPECT_TRUE(Rule("byte_math:bytes 1, offset 0, oper <<, rvalue 4, result m; byte_test:1,=,m,1;").on("\x01\x10"));
  EXPECT_TRUE(Rule("byte_math:bytes 1, offset 0, oper >>, rvalue 1, result m; byte_test:1,=,m,1;").on("\x08\x04"));
  EXPECT_TRUE(Rule("byte_math:bytes 1, offset 0, oper /, rvalue 2, result m; byte_test:1,=,m,1;").on("\x08\x04"));
  EXPECT_TRUE(Rule("byte_math:bytes 2, offset 0, oper -, rvalue 1, result r, string dec; byte_test:1,=,r,2;").on("10\x09"));
  EXPECT_FALSE(Rule("byte_math:bytes 1, offset 0, oper /, rvalue 0, result m;").on("\x08"));
  Rule masked("byte_math:bytes 1, offset 0, oper +, rvalue 0, result m, bitmask 0xf0; byte_test:1,=,m,1;");
  EXPECT_TRUE(masked.on("\xab\x0a"));
}

TEST(PayloadIsDataAt, AbsoluteRelativeNegatedAndVariable) {
  Rule absolute("isdataat:3;");
  EXPECT_TRUE(absolute.on("abcd"));
  EXPECT_FALSE(absolute.on("abc"));
  Rule relative(R"(content:"a"; isdataat:2,relative;)");
  EXPECT_TRUE(relative.on("abc"));
  EXPECT_FALSE(relative.on("ab"));
  Rule negated(R"(content:"a"; isdataat:!1,relative;)");
  EXPECT_TRUE(negated.on("xa"));
  EXPECT_FALSE(negated.on("ab"));
  Rule variable("byte_extract:1,0,n; isdataat:n;");
  EXPECT_TRUE(variable.on("\x02" "ab"));
  EXPECT_FALSE(variable.on("\x05" "ab"));
}

TEST(PayloadBase64, DecodesIntoBase64Data) {
  Rule rule(R"(content:"somestring"; base64_decode:bytes 8, offset 1, relative; base64_data; content:"test";)");
  ASSERT_TRUE(rule.on("GET /en/somestring&dGVzdAo=&not_base64"));
  auto decoded = base64_data(rule.scratch);
  EXPECT_EQ(std::string_view(reinterpret_cast<const char*>(decoded.data()), decoded.size()), "test\n");
  const auto* data_inspection = rule.signature().inspection("base64_data");
  ASSERT_NE(data_inspection, nullptr);
  MatchVariables vars;
  InspectionScratch data_scratch;
  EXPECT_TRUE(inspect_payload(data_inspection->matches, decoded, vars, data_scratch));
}

TEST(PayloadBase64, NothingDecodedIsNoMatch) {
  Rule rule("base64_decode;");
  EXPECT_FALSE(rule.on("!!!!"));
  EXPECT_TRUE(base64_data(rule.scratch).empty());
  EXPECT_TRUE(rule.on("QUJD"));
  EXPECT_EQ(base64_data(rule.scratch).size(), 3u);
  EXPECT_FALSE(Rule("base64_decode:offset 10;").on("QUJD"));
}

std::string x690_example() {
  // The personnel record example of ITU-T X.690, appendix A.3 (137 bytes, outer length 133).
  return std::string("\x60\x81\x85\x61\x10\x1a\x04John\x1a\x01P\x1a\x05Smith\xa0\x0a\x1a\x08" "Director"
                     "\x42\x01\x33\xa1\x0a\x43\x08" "19710917"
                     "\xa2\x12\x61\x10\x1a\x04Mary\x1a\x01T\x1a\x05Smith\xa3\x42\x31\x1f\x61\x11\x1a\x05Ralph\x1a\x01"
                     "T\x1a\x05Smith\xa0\x0a\x43\x08" "19571111"
                     "\x31\x1f\x61\x11\x1a\x05Susan\x1a\x01" "B\x1a\x05Jones\xa0\x0a\x43\x08" "19590717",
                     136);
}

TEST(PayloadAsn1, OversizeLength) {
  std::string record = x690_example();
  EXPECT_TRUE(Rule("asn1:oversize_length 132, absolute_offset 0;").on(record));
  EXPECT_FALSE(Rule("asn1:oversize_length 133, absolute_offset 0;").on(record));
}

TEST(PayloadAsn1, BitstringAndDoubleOverflow) {
  EXPECT_TRUE(Rule("asn1:bitstring_overflow, absolute_offset 0;").on("\x03\x01\xff"));
  EXPECT_FALSE(Rule("asn1:bitstring_overflow, absolute_offset 0;").on("\x03\x01\x07"));
  std::string real_257("\x09\x82\x01\x01", 4);
  real_257.append(257, '\x05');
  std::string real_256("\x09\x82\x01\x00", 4);
  real_256.append(256, '\x05');
  EXPECT_TRUE(Rule("asn1:double_overflow, absolute_offset 0;").on(real_257));
  EXPECT_FALSE(Rule("asn1:double_overflow, absolute_offset 0;").on(real_256));
  Rule relative(R"(content:"x"; asn1:bitstring_overflow, relative_offset 0;)");
  EXPECT_TRUE(relative.on("x\x03\x01\xff"));
  EXPECT_FALSE(Rule("asn1:oversize_length 1, absolute_offset 0;").on("\x04\x05" "ab"));
}

TEST(PayloadInspection, PathologicalBufferStopsAtTheEvaluationCap) {
  Rule rule(R"(content:"a"; content:"a"; distance:0; within:50000; content:"a"; distance:0; within:50000; )"
            R"(content:"b"; distance:0; within:50000;)");
  std::string hostile(20000, 'a');
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(rule.on(hostile));
  EXPECT_TRUE(rule.scratch.inspection_limit_reached());
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_TRUE(rule.on(hostile.substr(0, 10) + "b"));
  EXPECT_FALSE(rule.scratch.inspection_limit_reached());
  rule.scratch.set_inspection_limit(3);
  EXPECT_FALSE(rule.on(hostile.substr(0, 10) + "b"));
  EXPECT_TRUE(rule.scratch.inspection_limit_reached());
}

TEST(PayloadInspection, VariablesClearBetweenRules) {
  MatchVariables vars;
  vars.set("a", 1);
  vars.set("a", 2);
  EXPECT_EQ(vars.get("a"), 2u);
  vars.set("b", 3);
  vars.clear();
  EXPECT_FALSE(vars.get("a").has_value());
  vars.set("c", 4);
  EXPECT_EQ(vars.get("c"), 4u);
  EXPECT_FALSE(vars.get("b").has_value());
}

// A stream chunk whose first bytes were inspected before: only a match that ends in
// the new bytes counts, found by retrying each content and pcre at its next occurrence.
TEST(PayloadInspector, MinEndSkipsMatchesInsideTheBytesInspectedBefore) {
  Rule single(R"(content:"abc";)");
  EXPECT_FALSE(single.on("abc---", 3));
  EXPECT_TRUE(single.on("abc-abc", 3));
  EXPECT_TRUE(single.on("-abc", 3)) << "ends past the boundary";
  Rule chain(R"(content:"ab"; content:"cd"; distance:0;)");
  EXPECT_TRUE(chain.on("ab-cdcd", 5)) << "the second content retried";
  EXPECT_FALSE(chain.on("abcd--", 4));
  Rule regex(R"(pcre:"/x[0-9]/";)");
  EXPECT_TRUE(regex.on("x1--x2", 3));
  EXPECT_FALSE(regex.on("x1--", 3));
}

}  // namespace
}  // namespace rampart::detect
