// TransformChain: compile errors, each transform's output and a chain from a parsed rule.
#include <string>
#include <string_view>

#include "detect/payload_inspector.hpp"
#include "detect/transform_chain.hpp"
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// Applies the chain of the given transforms; "<error: ...>" when it does not compile.
std::string transformed(const std::vector<std::string>& transforms, std::string_view input) {
  auto chain = TransformChain::compile(transforms);
  if (!chain) return "<error: " + chain.error() + ">";
  std::vector<uint8_t> storage;
  auto out = chain->apply(bytes_of(input), storage);
  return {reinterpret_cast<const char*>(out.data()), out.size()};
}

std::string hex(std::string_view raw) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text;
  for (unsigned char byte : raw) {
    text += kDigits[byte >> 4];
    text += kDigits[byte & 15];
  }
  return text;
}

TEST(TransformChain, EmptyChainReturnsTheInput) {
  auto chain = TransformChain::compile({});
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->empty());
  std::string_view input = "abc";
  std::vector<uint8_t> storage;
  EXPECT_EQ(chain->apply(bytes_of(input), storage).data(), bytes_of(input).data());
}

TEST(TransformChain, RejectsUnsupportedAndMalformedTransforms) {
  auto domain = TransformChain::compile({"domain"});
  ASSERT_FALSE(domain);
  EXPECT_NE(domain.error().find("domain"), std::string::npos);
  auto tld = TransformChain::compile({"to_lowercase", "tld"});
  ASSERT_FALSE(tld);
  EXPECT_NE(tld.error().find("tld"), std::string::npos);
  EXPECT_FALSE(TransformChain::compile({"luaxform:x.lua"}));
  EXPECT_FALSE(TransformChain::compile({"xor:\"0g\""}));
  EXPECT_FALSE(TransformChain::compile({"pcrexform:\"abc\""}));
  EXPECT_FALSE(TransformChain::compile({"pcrexform:\"(a)(b)\""}));
  EXPECT_FALSE(TransformChain::compile({"from_base64:bytes len"}));
  EXPECT_FALSE(TransformChain::compile({"from_base64:mode loose"}));
  EXPECT_FALSE(TransformChain::compile({"from_base64:bytes 1, bytes 2"}));
  EXPECT_FALSE(TransformChain::compile({"from_base64:offset 65536"}));
}

TEST(TransformChain, WhitespaceAndCase) {
  EXPECT_EQ(transformed({"dotprefix"}, "example.com"), ".example.com");
  EXPECT_EQ(transformed({"dotprefix"}, ""), "");
  EXPECT_EQ(transformed({"strip_whitespace"}, " a b\t\r\nc "), "abc");
  EXPECT_EQ(transformed({"compress_whitespace"}, "a\t  b  c\v\vd"), "a\tb c\vd");
  EXPECT_EQ(transformed({"strip_whitespace"}, "a\vb"), "a\vb");
  EXPECT_EQ(transformed({"to_lowercase"}, "AbC-1"), "abc-1");
  EXPECT_EQ(transformed({"to_uppercase"}, "AbC-1"), "ABC-1");
}

TEST(TransformChain, DigestsAreRawBytes) {
  EXPECT_EQ(hex(transformed({"to_md5"}, "abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(hex(transformed({"to_sha1"}, "abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex(transformed({"to_sha256"}, "abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(transformed({"to_md5"}, ""), "");
}

TEST(TransformChain, UrlDecode) {
  EXPECT_EQ(transformed({"url_decode"}, "a%20b+c%2Fd%zz%4"), "a b c/d%zz%4");
  EXPECT_EQ(transformed({"url_decode"}, "%+%%41%4+%41"), "%+%%41%4+A");
}

TEST(TransformChain, HeaderTransforms) {
  EXPECT_EQ(transformed({"header_lowercase"}, "Host: Example.COM\r\nUser-Agent: X:Y\r\n"),
            "host: Example.COM\r\nuser-agent: X:Y\r\n");
  EXPECT_EQ(transformed({"strip_pseudo_headers"}, ":method: GET\r\nhost: x\r\n:path: /\r\naccept: */*"),
            "host: x\r\naccept: */*");
}

TEST(TransformChain, XorWithRepeatingKey) {
  EXPECT_EQ(transformed({"xor:\"0102\""}, std::string_view("\x01\x02\x03", 3)), std::string("\x00\x00\x02", 3));
}

TEST(TransformChain, PcrexformKeepsTheFirstCaptureGroup) {
  EXPECT_EQ(transformed({R"x(pcrexform:"^GET\s+(\S+)")x"}, "GET /index HTTP/1.1"), "/index");
  EXPECT_EQ(transformed({R"x(pcrexform:"^GET\s+(\S+)")x"}, "POST /index"), "POST /index");
  EXPECT_EQ(transformed({R"x(pcrexform:"a(x)?b")x"}, "-ab-"), "-ab-");
  EXPECT_EQ(transformed({R"x(pcrexform:"a(x)?b")x"}, "-axb-"), "x");
}

TEST(TransformChain, FromBase64Modes) {
  EXPECT_EQ(transformed({"from_base64:"}, "dGVzdA=="), "test");
  EXPECT_EQ(transformed({"from_base64"}, "dGVzdA=="), "test");
  EXPECT_EQ(transformed({"from_base64:mode rfc4648"}, "dGVz!dA=="), "tes");
  EXPECT_EQ(transformed({"from_base64:mode rfc2045"}, "dGVz dA=="), "test");
  EXPECT_EQ(transformed({"from_base64"}, "QQ==QUJD"), "AABC");
  EXPECT_EQ(transformed({"from_base64"}, "dGVzdA"), "test");
  EXPECT_EQ(transformed({"from_base64:mode rfc2045"}, "dGVzdA"), "tes");
  EXPECT_EQ(transformed({"from_base64:mode strict"}, "dGVzdA=="), "test");
  EXPECT_EQ(transformed({"from_base64:offset 2"}, "xxdGVzdA=="), "test");
  EXPECT_EQ(transformed({"from_base64:bytes 4, offset 2"}, "xxdGVzdA=="), "tes");
  // An offset or byte count reaching the end leaves the buffer as it is (Suricata 8).
  EXPECT_EQ(transformed({"from_base64:offset 20"}, "dGVzdA=="), "dGVzdA==");
  EXPECT_EQ(transformed({"from_base64:bytes 8, offset 2"}, "xxdGVzdA=="), "xxdGVzdA==");
}

TEST(TransformChain, FailedDecodeIsNotInspected) {
  std::vector<uint8_t> storage;
  for (const char* input : {"dGVz dA==", "dGVzdA"}) {
    auto strict = TransformChain::compile({"from_base64:mode strict"});
    ASSERT_TRUE(strict);
    EXPECT_FALSE(strict->try_apply(bytes_of(input), storage)) << input;
    EXPECT_TRUE(strict->apply(bytes_of(input), storage).empty()) << input;
  }
  auto strict = TransformChain::compile({"from_base64:mode strict"});
  ASSERT_TRUE(strict);
  EXPECT_FALSE(strict->try_apply(bytes_of("dGVzdB=="), storage));
  EXPECT_FALSE(strict->try_apply(bytes_of("dA==dGVz"), storage));
  auto chain = TransformChain::compile({"from_base64"});
  ASSERT_TRUE(chain);
  EXPECT_FALSE(chain->try_apply(bytes_of("!!!!"), storage));
  EXPECT_FALSE(chain->try_apply(bytes_of("dGVzd"), storage));
  EXPECT_FALSE(chain->try_apply(bytes_of("=AAA"), storage));
  auto decoded = chain->try_apply(bytes_of("QUJD"), storage);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded->size(), 3u);
}

TEST(TransformChain, RuleTransformsThenInspection) {
  auto sig = testing::parse(
      R"(alert dns any any -> any any (dns.query; dotprefix; to_lowercase; content:".evil.com"; endswith; sid:1;))");
  ASSERT_TRUE(sig) << sig.error().detail;
  const auto* inspection = sig->inspection("dns.query");
  ASSERT_NE(inspection, nullptr);
  auto chain = TransformChain::compile(inspection->transforms);
  ASSERT_TRUE(chain) << chain.error();
  std::vector<uint8_t> storage;
  MatchVariables vars;
  InspectionScratch scratch;
  EXPECT_TRUE(inspect_payload(inspection->matches, chain->apply(bytes_of("WWW.Evil.COM"), storage), vars, scratch));
  EXPECT_FALSE(inspect_payload(inspection->matches, chain->apply(bytes_of("notevil.com"), storage), vars, scratch));
  EXPECT_TRUE(inspect_payload(inspection->matches, chain->apply(bytes_of("Evil.com"), storage), vars, scratch));
}

}  // namespace
}  // namespace rampart::detect
