// Rules on the TCP payload against the raw stream (StreamInput): which bytes each kind
// of rule inspects, and that a match is reported once across the seen/fresh boundary.
#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

std::span<const uint8_t> bytes_of(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

struct StreamCase {
  Detector detector;
  FlowVars vars;

  explicit StreamCase(const std::vector<std::string>& rules) { EXPECT_TRUE(detector.use(rule_set(rules)).has_value()); }

  // The packet carries `payload`; the stream had `seen` and now delivers `fresh`.
  std::vector<Alert> run(std::string_view payload, std::string_view seen, std::string_view fresh,
                         bool packet_added = true) {
    auto p = packet(payload);
    auto facts = flow_facts(p, vars);
    StreamInput stream{bytes_of(seen), bytes_of(fresh), packet_added};
    std::vector<Alert> out;
    detector.inspect_packet(PacketInput{p, &facts, {}, {}, &stream}, out);
    return out;
  }
};

const std::vector<std::string> kRules = {
    R"(alert tcp any any -> any any (msg:"stream"; content:"EVILPATTERN"; sid:1;))",
    R"(alert tcp any any -> any any (msg:"packet"; dsize:<100; content:"EVILPATTERN"; sid:2;))",
    R"(alert tcp-pkt any any -> any any (msg:"tcp-pkt"; content:"EVILPATTERN"; sid:3;))",
    R"(alert tcp any any -> any any (msg:"anchored"; content:"EVIL"; depth:4; sid:4;))",
};

TEST(StreamPayload, APatternSplitAcrossSegmentsMatchesOnceOnTheStream) {
  StreamCase c(kRules);
  auto alerts = c.run("PATTERNxx", "xxEVIL", "PATTERNxx");
  ASSERT_EQ(sids(alerts), (std::vector<uint32_t>{1}));
  EXPECT_TRUE(alerts[0].stream);
  EXPECT_EQ(std::string(alerts[0].stream_data.begin(), alerts[0].stream_data.end()), "xxEVILPATTERNxx");
}

TEST(StreamPayload, APatternInOneSegmentMatchesOnceNotFromPacketAndStream) {
  StreamCase c(kRules);
  std::string_view payload = "EVILPATTERN";
  auto p = packet(payload);
  auto facts = flow_facts(p, c.vars);
  StreamInput stream{{}, p.payload, true};  // fresh is the packet's own payload
  std::vector<Alert> out;
  c.detector.inspect_packet(PacketInput{p, &facts, {}, {}, &stream}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 2, 3, 4}));
  EXPECT_TRUE(out[0].stream);
  EXPECT_FALSE(out[1].stream);
  EXPECT_FALSE(out[2].stream);
  EXPECT_TRUE(out[3].stream) << "depth rules try the stream first";
}

TEST(StreamPayload, EachSideOfAGapIsInspectedApartAndLoggedWithTheGapMarked) {
  StreamCase c({R"(alert tcp-stream any any -> any any (content:"VERY"; sid:1;))",
                R"(alert tcp-stream any any -> any any (content:"DATA"; sid:3;))",
                R"(alert tcp-stream any any -> any any (content:"VERYDATA"; sid:7;))"});
  auto p = packet("DATA");
  auto facts = flow_facts(p, c.vars);
  const stream::RawGap gaps[] = {{4, 4}};
  const std::string_view marked = "VERY[4 bytes missing]DATA";
  StreamInput stream{{}, bytes_of("VERYDATA"), true, gaps, bytes_of(marked)};
  std::vector<Alert> out;
  c.detector.inspect_packet(PacketInput{p, &facts, {}, {}, &stream, true}, out);
  ASSERT_EQ(sids(out), (std::vector<uint32_t>{1, 3})) << "no match across the gap";
  for (const auto& alert : out) {
    EXPECT_TRUE(alert.stream);
    EXPECT_EQ(std::string(alert.stream_data.begin(), alert.stream_data.end()), marked);
  }
}

TEST(StreamPayload, AMatchInTheSeenBytesIsNotReportedAgain) {
  StreamCase c(kRules);
  EXPECT_TRUE(c.run("tail", "EVILPATTERN", "tail").empty());
  // ... but a second occurrence that ends in the fresh bytes is.
  EXPECT_EQ(sids(c.run("TERN", "EVILPATTERNEVILPAT", "TERN")), (std::vector<uint32_t>{1}));
}

TEST(StreamPayload, StreamRulesSkipAPacketTheStreamAlreadyHas) {
  StreamCase c(kRules);
  // A retransmission, an out-of-order or unacknowledged segment: nothing fresh, the
  // packet went into the stream. Packet rules still see it; the stream-then-packet
  // (anchored) rule sees its bytes in the stream once acknowledged, not twice.
  EXPECT_EQ(sids(c.run("EVILPATTERN", "", "")), (std::vector<uint32_t>{2, 3}));
  // Not in the stream (before the handshake, past the depth): the packet is matched.
  EXPECT_EQ(sids(c.run("EVILPATTERN", "", "", false)), (std::vector<uint32_t>{1, 2, 3, 4}));
}

TEST(StreamPayload, APacketTheStreamHasIsScannedForThePacketRulesOnly) {
  StreamCase c(kRules);
  c.run("EVILPATTERN", "", "");
  EXPECT_EQ(c.detector.stats().candidates, 2u) << "rules 2 and 3: their own prefilter";
  c.run("EVILPATTERN", "", "", false);
  EXPECT_EQ(c.detector.stats().candidates, 2u + 4u);
}

TEST(StreamPayload, OnlyStreamRulesRunOnAPseudoPacket) {
  StreamCase c(kRules);
  std::string_view data = "EVILPATTERN";
  auto p = packet(data);
  p.pseudo = true;
  auto facts = flow_facts(p, c.vars);
  StreamInput stream{{}, p.payload, true};
  std::vector<Alert> out;
  c.detector.inspect_packet(PacketInput{p, &facts, {}, {}, &stream, true}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 4}));
}

TEST(StreamPayload, FlowStreamKeywordsChooseTheBuffer) {
  StreamCase c({
      R"(alert tcp any any -> any any (msg:"only stream"; flow:only_stream; content:"EVILPATTERN"; sid:1;))",
      R"(alert tcp any any -> any any (msg:"no stream"; flow:no_stream; content:"EVILPATTERN"; sid:2;))",
  });
  EXPECT_EQ(sids(c.run("PATTERN", "EVIL", "PATTERN")), (std::vector<uint32_t>{1}));
  EXPECT_EQ(sids(c.run("EVILPATTERN", "", "")), (std::vector<uint32_t>{2}));
}

// Outside an established session (no handshake seen) the payload is scanned for the
// patterns of the rules without `flow:established` only: the others are not even
// candidates, and the alerts are those of checking every rule.
TEST(StreamPayload, OutsideAnEstablishedSessionEstablishedRulesAreNoCandidates) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set({
                        R"(alert tcp any any -> any any (msg:"est"; flow:established; content:"EVIL"; sid:1;))",
                        R"(alert tcp any any -> any any (msg:"not est"; flow:not_established; content:"EVIL"; sid:2;))",
                        R"(alert tcp any any -> any any (msg:"any"; content:"EVIL"; sid:3;))",
                    }))
                  .has_value());
  FlowVars vars;
  auto p = packet("xxEVILxx");
  auto facts = flow_facts(p, vars);
  facts.established = false;
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(d.stats().candidates, 2u);
  d.inspect_packet(PacketInput{p, nullptr, {}, {}}, out);  // no flow: not established either
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(d.stats().candidates, 4u);
  facts.established = true;
  d.inspect_packet(PacketInput{p, &facts, {}, {}}, out);
  EXPECT_EQ(sids(out), (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(d.stats().candidates, 7u);
}

}  // namespace
}  // namespace rampart::detect::testing
