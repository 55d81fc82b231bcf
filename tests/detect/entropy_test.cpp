// entropy: Shannon entropy of a buffer window, its comparisons, and the value kept on
// the flow for metadata.entropy once the rule matched.
#include "detect/entropy.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "detect/variable_names.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(Entropy, ShannonInBitsPerByte) {
  EXPECT_EQ(shannon_entropy({}), 0.0);
  EXPECT_EQ(shannon_entropy(bytes_of("aaaa")), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy(bytes_of("AABB")), 1.0);
  std::vector<uint8_t> every(256);
  std::iota(every.begin(), every.end(), 0);
  EXPECT_DOUBLE_EQ(shannon_entropy(every), 8.0);
}

TEST(Entropy, WindowByOffsetAndBytes) {
  EntropyCondition c;
  c.offset = 4;
  EXPECT_DOUBLE_EQ(*c.measure(bytes_of("aaaaABAB")), 1.0);
  c.bytes = 2;
  EXPECT_DOUBLE_EQ(*c.measure(bytes_of("aaaaAAAB")), 0.0);
  c.offset = 8;
  EXPECT_FALSE(c.measure(bytes_of("aaaaAAAB")));
}

const EntropyCondition& condition_of(const Signature& sig) { return sig.inspections.at(0).entropies.at(0); }

TEST(Entropy, ParsesSuricatasForms) {
  using Op = EntropyCondition::Op;
  auto sig = parse_options("pkt_data; entropy: bytes 100, offset 10, value >= 4.5;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(condition_of(*sig).op, Op::GreaterOrEqual);
  EXPECT_EQ(condition_of(*sig).value, 4.5);
  EXPECT_EQ(condition_of(*sig).bytes, 100u);
  EXPECT_EQ(condition_of(*sig).offset, 10u);
  auto range = parse_options("pkt_data; entropy: value !4-5;");
  ASSERT_TRUE(range);
  EXPECT_EQ(condition_of(*range).op, Op::NotBetween);
  EXPECT_FALSE(condition_of(*range).holds(4.2));
  EXPECT_TRUE(condition_of(*range).holds(5.0));
  auto plain = parse_options("pkt_data; entropy: value 3;");
  ASSERT_TRUE(plain);
  EXPECT_EQ(condition_of(*plain).op, Op::Equal);
  auto payload = parse_options("entropy: value > 4;");
  ASSERT_TRUE(payload);
  EXPECT_EQ(payload->inspections.at(0).buffer, "pkt_data");
  EXPECT_FALSE(parse_options("pkt_data; entropy: value > 9;"));
  EXPECT_FALSE(parse_options("pkt_data; entropy: value 5-4;"));
  EXPECT_FALSE(parse_options("pkt_data; entropy: bytes 10;"));
  EXPECT_FALSE(parse_options("pkt_data; entropy: value >= x;"));
}

TEST(Entropy, MatchedValueIsKeptOnTheFlow) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set({R"(alert tcp any any -> any any (msg:"high"; pkt_data; entropy: value > 2; sid:1;))",
                              R"(alert tcp any any -> any any (msg:"low"; pkt_data; entropy: value < 1; sid:2;))"})));
  FlowVars vars;
  auto p = packet("abcdefgh");
  auto facts = flow_facts(p, vars);
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1}));
  ASSERT_EQ(vars.entropies.size(), 1u);
  EXPECT_EQ(variable_name(vars.entropies[0].first), "pkt_data");
  EXPECT_DOUBLE_EQ(vars.entropies[0].second, 3.0);
}

}  // namespace
}  // namespace rampart::detect::testing
