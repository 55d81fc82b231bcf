// Rule header: actions, protocols, directions, address and port sets with variables.
#include "rule_test_support.hpp"

#include "detect/address_set.hpp"
#include "detect/port_set.hpp"

namespace rampart::detect {
namespace {

using testing::parse;

uint32_t v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d) { return (uint32_t{a} << 24) | (uint32_t{b} << 16) | (uint32_t{c} << 8) | d; }

TEST(Header, ParsesActionProtocolAndDirection) {
  auto sig = parse("drop udp any any <> any 53 (sid:1;)");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->header.action, Action::Drop);
  EXPECT_EQ(sig->header.protocol, "udp");
  EXPECT_TRUE(sig->header.bidirectional);
  EXPECT_TRUE(sig->header.destination_ports.contains(53));
  EXPECT_FALSE(sig->header.destination_ports.contains(54));
  EXPECT_TRUE(sig->header.source.is_any());
}

TEST(Header, AppProtocolBecomesTheRulesProtocol) {
  auto sig = parse("rejectboth http any any -> any any (sid:1;)");
  ASSERT_TRUE(sig);
  EXPECT_EQ(sig->header.action, Action::RejectBoth);
  EXPECT_EQ(sig->app_protocol, "http");
}

TEST(Header, RejectsUnknownActionProtocolAndDirection) {
  EXPECT_EQ(parse("log tcp any any -> any any (sid:1;)").error().summary, "unknown action");
  EXPECT_EQ(parse("alert foo any any -> any any (sid:1;)").error().summary, "unknown protocol");
  EXPECT_EQ(parse("alert tcp any any <- any any (sid:1;)").error().summary, "invalid direction");
  EXPECT_TRUE(parse("alert http any any => any any (sid:1;)").has_value());
  auto upper = parse("alert IP any any -> any any (sid:1;)");
  ASSERT_TRUE(upper.has_value());
  EXPECT_EQ(upper->header.protocol, "ip");
}

TEST(AddressSet, DefaultHomeNetAndItsNegation) {
  auto vars = RuleVariables::suricata_defaults();
  auto home = parse_address_set("$HOME_NET", vars);
  ASSERT_TRUE(home);
  EXPECT_TRUE(home->v4.contains(v4(10, 1, 2, 3)));
  EXPECT_TRUE(home->v4.contains(v4(172, 31, 255, 255)));
  EXPECT_FALSE(home->v4.contains(v4(172, 32, 0, 0)));
  EXPECT_TRUE(home->v6.empty());
  auto external = parse_address_set("$EXTERNAL_NET", vars);
  ASSERT_TRUE(external);
  EXPECT_FALSE(external->v4.contains(v4(10, 1, 2, 3)));
  EXPECT_TRUE(external->v4.contains(v4(8, 8, 8, 8)));
  EXPECT_TRUE(external->v6.is_full());
}

TEST(AddressSet, GroupsSubtractNegatedMembersAndMergeIntervals) {
  auto vars = RuleVariables::suricata_defaults();
  auto set = parse_address_set("[10.0.0.0/8, !10.1.0.0/16, [11.0.0.0/8]]", vars);
  ASSERT_TRUE(set);
  ASSERT_EQ(set->v4.intervals().size(), 2u);
  EXPECT_EQ(set->v4.intervals()[0].first, v4(10, 0, 0, 0));
  EXPECT_EQ(set->v4.intervals()[0].last, v4(10, 0, 255, 255));
  EXPECT_EQ(set->v4.intervals()[1].first, v4(10, 2, 0, 0));
  EXPECT_EQ(set->v4.intervals()[1].last, v4(11, 255, 255, 255));
}

TEST(AddressSet, Ipv6CidrAndRanges) {
  auto vars = RuleVariables::suricata_defaults();
  auto set = parse_address_set("[2001:db8::/32, 1.1.1.1-1.1.1.9]", vars);
  ASSERT_TRUE(set);
  ASSERT_EQ(set->v6.intervals().size(), 1u);
  EXPECT_EQ(set->v6.intervals()[0].first, (Uint128{0x20010db800000000ULL, 0}));
  EXPECT_EQ(set->v6.intervals()[0].last, (Uint128{0x20010db8ffffffffULL, UINT64_MAX}));
  EXPECT_TRUE(set->v4.contains(v4(1, 1, 1, 5)));
  EXPECT_FALSE(set->v4.contains(v4(1, 1, 1, 10)));
}

TEST(AddressSet, EmptyResultsAndBadInputAreErrors) {
  auto vars = RuleVariables::suricata_defaults();
  EXPECT_FALSE(parse_address_set("!any", vars));
  EXPECT_FALSE(parse_address_set("[1.2.3.4,!1.2.3.4]", vars));
  EXPECT_FALSE(parse_address_set("1.2.3.256", vars));
  EXPECT_FALSE(parse_address_set("[1.2.3.4", vars));
  EXPECT_EQ(parse_address_set("$NOPE", vars).error().summary, "undefined variable");
}

TEST(AddressSet, CallerVariablesOverrideDefaults) {
  auto vars = RuleVariables::suricata_defaults();
  vars.address_groups["HOME_NET"] = "192.0.2.0/24";
  auto external = parse_address_set("$EXTERNAL_NET", vars);
  ASSERT_TRUE(external);
  EXPECT_TRUE(external->v4.contains(v4(10, 0, 0, 1)));
  EXPECT_FALSE(external->v4.contains(v4(192, 0, 2, 7)));
}

TEST(PortSet, RangesOpenEndsNegationAndVariables) {
  auto vars = RuleVariables::suricata_defaults();
  auto set = parse_port_set("[1024:, !1100, :21, $HTTP_PORTS]", vars);
  ASSERT_TRUE(set);
  EXPECT_TRUE(set->contains(0));
  EXPECT_TRUE(set->contains(21));
  EXPECT_FALSE(set->contains(22));
  EXPECT_TRUE(set->contains(80));
  EXPECT_FALSE(set->contains(1100));
  EXPECT_TRUE(set->contains(65535));
  auto shellcode = parse_port_set("$SHELLCODE_PORTS", vars);
  ASSERT_TRUE(shellcode);
  EXPECT_FALSE(shellcode->contains(80));
  EXPECT_TRUE(shellcode->contains(81));
  auto range = parse_port_set("80:90", vars);
  ASSERT_TRUE(range);
  EXPECT_EQ(range->ports.intervals().size(), 1u);
}

TEST(PortSet, RejectsReversedOutOfRangeAndEmpty) {
  auto vars = RuleVariables::suricata_defaults();
  EXPECT_FALSE(parse_port_set("90:80", vars));
  EXPECT_FALSE(parse_port_set("65536", vars));
  EXPECT_FALSE(parse_port_set("!any", vars));
  EXPECT_FALSE(parse_port_set("[80,!80]", vars));
}

}  // namespace
}  // namespace rampart::detect
