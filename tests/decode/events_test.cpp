#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "decode/events.hpp"

namespace rampart::decode {
namespace {

TEST(DecodeEventNames, KeepsTheOriginalIdentifiers) {
  EXPECT_EQ(event_name(DecodeEvent::Ipv4PktTooSmall), "ipv4.pkt_too_small");
  EXPECT_EQ(event_name(DecodeEvent::Ipv4TruncPkt), "ipv4.trunc_pkt");
  EXPECT_EQ(event_name(DecodeEvent::EthernetPktTooSmall), "ethernet.pkt_too_small");
  EXPECT_EQ(event_name(DecodeEvent::EthernetUnknownEthertype), "ethernet.unknown_ethertype");
  EXPECT_EQ(event_name(DecodeEvent::TooManyLayers), "too_many_layers");
  EXPECT_EQ(event_name(DecodeEvent::kCount), "");
}

TEST(DecodeEventNames, CoverEverySuricataDecoderEvent) {
  std::set<std::string> ours;
  for (size_t i = 0; i < kDecodeEventCount; ++i) ours.emplace(event_name(static_cast<DecodeEvent>(i)));
  EXPECT_EQ(ours.size(), kDecodeEventCount) << "duplicate names";

  std::ifstream rules(std::string(RAMPART_SHARED_DIR) + "/conformance/suricata-etc/rules/decoder-events.rules");
  ASSERT_TRUE(rules) << "decoder-events.rules not found";
  const std::regex name_pattern("decode-event:([a-z0-9_.]+)");
  size_t checked = 0;
  for (std::string line; std::getline(rules, line);) {
    for (std::sregex_iterator m(line.begin(), line.end(), name_pattern), end; m != end; ++m) {
      EXPECT_TRUE(ours.contains((*m)[1].str())) << (*m)[1].str();
      ++checked;
    }
  }
  EXPECT_GT(checked, 100u);
}

TEST(DecodeEvents, KeepsTheFirstEightAndCountsTheRest) {
  DecodeEvents events;
  EXPECT_TRUE(events.empty());
  for (int i = 0; i < 10; ++i) events.add(DecodeEvent::TcpOptDuplicate);
  EXPECT_EQ(events.size(), DecodeEvents::kMax);
  EXPECT_TRUE(events.has(DecodeEvent::TcpOptDuplicate));
  EXPECT_FALSE(events.has(DecodeEvent::UdpLenInvalid));
}

}  // namespace
}  // namespace rampart::decode
