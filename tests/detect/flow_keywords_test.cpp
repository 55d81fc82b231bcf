// flow, flowbits, flowint, xbits, stream_size.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::parse_options;

TEST(Flow, ParsesDirectionStateAndStream) {
  auto sig = parse_options("flow:established,from_client,only_stream;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->flow.direction, FlowDirection::ToServer);
  EXPECT_EQ(sig->flow.established, true);
  EXPECT_EQ(sig->flow.stream, true);
  EXPECT_FALSE(parse_options("flow:to_server,to_client;"));
  EXPECT_FALSE(parse_options("flow:established,stateless;"));
  EXPECT_FALSE(parse_options("flow:sideways;"));
}

TEST(Flowbits, CommandsGroupsAndNoalert) {
  auto sig = parse_options("flowbits:isset,a|b; flowbits:set,c&d; flowbits:noalert;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->flowbits.size(), 2u);
  EXPECT_EQ(sig->flowbits[0].command, "isset");
  EXPECT_TRUE(sig->flowbits[0].any_of);
  EXPECT_EQ(sig->flowbits[0].names, (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(sig->flowbits[1].any_of);
  EXPECT_EQ(sig->flowbits[1].names, (std::vector<std::string>{"c", "d"}));
  EXPECT_TRUE(sig->noalert);
  EXPECT_FALSE(parse_options("flowbits:set,a|b;"));
  EXPECT_FALSE(parse_options("flowbits:flip,a;"));
  EXPECT_FALSE(parse_options("flowbits:set;"));
}

TEST(Flowint, OperationsAndTests) {
  auto sig = parse_options("flowint:count,+,1; flowint:count,>,other; flowint:count,isset;");
  ASSERT_TRUE(sig) << sig.error().detail;
  ASSERT_EQ(sig->flowints.size(), 3u);
  EXPECT_EQ(sig->flowints[0].value->value, 1);
  EXPECT_EQ(sig->flowints[1].value->variable, "other");
  EXPECT_FALSE(sig->flowints[2].value);
  EXPECT_FALSE(parse_options("flowint:count,+;"));
}

TEST(Xbits, TrackAndExpire) {
  auto sig = parse_options("xbits:set,ET.x,track ip_pair,expire 15;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->xbits[0].track, "ip_pair");
  EXPECT_EQ(sig->xbits[0].expire, 15u);
  EXPECT_FALSE(parse_options("xbits:set,ET.x;"));
}

TEST(StreamSize, SideOperatorValue) {
  auto sig = parse_options("stream_size:server,<,5;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->stream_sizes[0].side, "server");
  EXPECT_EQ(sig->stream_sizes[0].condition, (NumericCondition{NumericCondition::Op::Less, 5, 0}));
  EXPECT_FALSE(parse_options("stream_size:middle,<,5;"));
}

}  // namespace
}  // namespace rampart::detect
