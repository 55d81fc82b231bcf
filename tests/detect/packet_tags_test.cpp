// The tag keyword's bookkeeping (src/detect/packet_tags.cpp): which packets a
// session or host tag covers, and when it runs out.
#include "detect/packet_tags.hpp"

#include <gtest/gtest.h>

namespace rampart::detect {
namespace {

TagEntry tag(TagMetric metric, uint32_t count, uint32_t sid = 1) {
  return TagEntry{.sid = sid, .metric = metric, .count = count, .first_sec = 100, .last_sec = 100};
}

// Counts how many of `packets` packets (one a second from t=100, 60 bytes each) a list tags.
int tagged_of(TagList& list, int packets) {
  int tagged = 0;
  for (int i = 0; i < packets; ++i) tagged += list.tags_packet(100 + static_cast<uint64_t>(i), 60) ? 1 : 0;
  return tagged;
}

TEST(TagList, ThePacketThatAlertedCountsButIsNotTagged) {
  TagList list;
  list.add(tag(TagMetric::Packets, 9));
  EXPECT_EQ(tagged_of(list, 20), 8);
  EXPECT_TRUE(list.empty());
}

TEST(TagList, BytesAndSecondsRunOutByTheirOwnMeasure) {
  TagList bytes;
  bytes.add(tag(TagMetric::Bytes, 200));  // 60, 120, 180 within; 240 over
  EXPECT_EQ(tagged_of(bytes, 10), 2);
  TagList seconds;
  seconds.add(tag(TagMetric::Seconds, 3));  // t=101..103 within, t=104 over
  EXPECT_EQ(tagged_of(seconds, 10), 3);
}

TEST(TagList, APacketIsTaggedOnceWhateverTheNumberOfTags) {
  TagList list;
  list.add(tag(TagMetric::Packets, 2, 1));
  list.add(tag(TagMetric::Packets, 5, 2));
  EXPECT_EQ(tagged_of(list, 10), 4);
}

TEST(TagList, ARuleAlertingAgainRestartsItsTagABoundedNumberOfTimes) {
  TagList list;
  list.add(tag(TagMetric::Packets, 3));
  EXPECT_EQ(tagged_of(list, 2), 1);
  list.add(tag(TagMetric::Packets, 3));  // restarted: three more packets
  EXPECT_EQ(tagged_of(list, 10), 3);
  EXPECT_TRUE(list.empty());

  // A rule matching on every packet restarts its tag only kMatchLimit times.
  TagList flooded;
  flooded.add(tag(TagMetric::Packets, 3));
  flooded.tags_packet(100, 60);
  bool ran_out = false;
  for (uint32_t i = 0; i < 2 * TagList::kMatchLimit && !ran_out; ++i) {
    flooded.add(tag(TagMetric::Packets, 3));
    ran_out = !flooded.tags_packet(101 + i, 60);
  }
  EXPECT_TRUE(ran_out);
}

TEST(HostTagStore, TagsPacketsFromAndToTheHost) {
  HostTagStore store;
  auto host = *IpAddress::parse("10.0.0.5");
  auto other = *IpAddress::parse("10.0.0.9");
  auto third = *IpAddress::parse("10.0.0.7");
  EXPECT_EQ(store.tagged_hosts(), 0u);
  store.add(host, tag(TagMetric::Packets, 4));
  EXPECT_EQ(store.tagged_hosts(), 1u);
  EXPECT_FALSE(store.tags_packet(host, other, 100, 60));  // the alerting packet
  EXPECT_TRUE(store.tags_packet(other, host, 101, 60));
  EXPECT_FALSE(store.tags_packet(other, third, 101, 60));
  EXPECT_TRUE(store.tags_packet(host, third, 102, 60));
  EXPECT_TRUE(store.tags_packet(host, host, 102, 60));
  EXPECT_FALSE(store.tags_packet(host, other, 103, 60));
  EXPECT_EQ(store.tagged_hosts(), 0u) << "a host whose tags ran out leaves the store";
}

}  // namespace
}  // namespace rampart::detect
