// Packet header keywords: numbers, flags, fragbits, ipopts, sameip, dsize, checksums, events.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::parse_options;
using Op = NumericCondition::Op;

const HeaderCondition* find_condition(const Signature& sig, std::string_view field) {
  for (const auto& c : sig.header_conditions)
    if (c.field == field) return &c;
  return nullptr;
}

TEST(PacketKeywords, NumericComparisons) {
  auto sig = parse_options("ttl:<10; id:13330; window:!0; itype:8; icode:>=3; icmp_seq:1-9; dsize:9<>18; ip_proto:tcp; seq:0; ack:1;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(find_condition(*sig, "ttl")->condition, (NumericCondition{Op::Less, 10, 0}));
  EXPECT_EQ(find_condition(*sig, "id")->condition, (NumericCondition{Op::Equal, 13330, 0}));
  EXPECT_EQ(find_condition(*sig, "window")->condition, (NumericCondition{Op::NotEqual, 0, 0}));
  EXPECT_EQ(find_condition(*sig, "icode")->condition, (NumericCondition{Op::GreaterOrEqual, 3, 0}));
  EXPECT_EQ(find_condition(*sig, "icmp_seq")->condition, (NumericCondition{Op::Between, 1, 9}));
  EXPECT_EQ(find_condition(*sig, "dsize")->condition, (NumericCondition{Op::Between, 9, 18}));
  EXPECT_EQ(find_condition(*sig, "ip_proto")->condition, (NumericCondition{Op::Equal, 6, 0}));
  EXPECT_TRUE(find_condition(*sig, "dsize")->condition.matches(10));
  EXPECT_FALSE(find_condition(*sig, "dsize")->condition.matches(18));
}

TEST(PacketKeywords, RangeChecks) {
  EXPECT_EQ(parse_options("ttl:256;").error().summary, "invalid ttl");
  EXPECT_EQ(parse_options("dsize:10<>5;").error().summary, "invalid dsize");
  EXPECT_EQ(parse_options("ip_proto:bogus;").error().summary, "invalid ip_proto");
}

TEST(PacketKeywords, TcpFlagsWithModifierAndMask) {
  auto sig = parse_options("flags:S,12; fragbits:M+;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->bits_conditions.size(), 2u);
  EXPECT_EQ(sig->bits_conditions[0].bits, 0x02);
  EXPECT_EQ(sig->bits_conditions[0].ignored, 0xC0);
  EXPECT_EQ(sig->bits_conditions[1].field, "fragbits");
  EXPECT_EQ(sig->bits_conditions[1].modifier, '+');
  EXPECT_FALSE(parse_options("flags:SX;"));
  EXPECT_FALSE(parse_options("flags:+*S;"));
}

// Suricata 8's tcp.flags is flags; tcp.mss compares the MSS option, and a packet
// without one does not match.
TEST(PacketKeywords, TcpFlagsAliasAndMss) {
  auto sig = parse_options("tcp.flags:S,12; tcp.mss:<536;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->bits_conditions.size(), 1u);
  EXPECT_EQ(sig->bits_conditions[0].field, "flags");
  EXPECT_EQ(sig->bits_conditions[0].bits, 0x02);
  EXPECT_EQ(find_condition(*sig, "tcp.mss")->condition, (NumericCondition{Op::Less, 536, 0}));
  EXPECT_EQ(parse_options("tcp.mss:70000;").error().summary, "invalid tcp.mss");
}

TEST(PacketKeywords, IpoptsSameipChecksums) {
  auto sig = parse_options("ipopts:lsrr; sameip; ipv4-csum:invalid;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->ip_options, (std::vector<std::string>{"lsrr"}));
  EXPECT_TRUE(sig->same_ip);
  EXPECT_FALSE(sig->checksums[0].valid);
  EXPECT_FALSE(parse_options("ipopts:foo;"));
  EXPECT_FALSE(parse_options("sameip:1;"));
}

TEST(EventKeywords, NamesComeFromTheDecoderAndStreamLists) {
  auto sig = parse_options("decode-event:ipv4.trunc_pkt; stream-event:3whs_syn_flood; app-layer-event:http.request_auth_unrecognized;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->events.size(), 3u);
  EXPECT_EQ(sig->events[0].name, "ipv4.trunc_pkt");
  EXPECT_EQ(parse_options("decode-event:ipv4.no_such_event;").error().summary, "unknown decode event");
  EXPECT_EQ(parse_options("stream-event:no_such_event;").error().summary, "unknown stream event");
  EXPECT_EQ(parse_options("app-layer-event:no dot;").error().summary, "invalid app-layer-event");
}

}  // namespace
}  // namespace rampart::detect
