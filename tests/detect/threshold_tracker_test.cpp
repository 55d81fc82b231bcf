#include "detect/threshold_tracker.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace rampart::detect {
namespace {

constexpr uint64_t kSecond = 1'000'000;

ThresholdSubject at(uint64_t seconds, const char* src = "10.0.0.1", uint64_t flow = 1) {
  return {1, 100, *IpAddress::parse(src), *IpAddress::parse("10.0.0.2"), flow, 1'700'000'000 * kSecond + seconds * kSecond};
}

std::vector<bool> run(const Threshold& t, std::vector<uint64_t> times) {
  ThresholdTracker tracker;
  std::vector<bool> out;
  for (auto s : times) out.push_back(tracker.allow(t, at(s)));
  return out;
}

TEST(ThresholdTracker, LimitAlertsOnTheFirstHitsOfAWindow) {
  Threshold t{"limit", "by_src", 2, 60, 0};
  EXPECT_EQ(run(t, {0, 1, 2, 3, 61, 62, 63}), (std::vector<bool>{true, true, false, false, true, true, false}));
}

TEST(ThresholdTracker, ThresholdAlertsOnEveryCountthHit) {
  Threshold t{"threshold", "by_src", 3, 60, 0};
  EXPECT_EQ(run(t, {0, 1, 2, 3, 4, 5}), (std::vector<bool>{false, false, true, false, false, true}));
}

TEST(ThresholdTracker, BothAlertsOncePerWindowAtTheCount) {
  Threshold t{"both", "by_src", 2, 10, 0};
  EXPECT_EQ(run(t, {0, 1, 2, 3, 20, 21}), (std::vector<bool>{false, true, false, false, false, true}));
}

TEST(ThresholdTracker, DetectionFilterPassesHitsBeyondTheCount) {
  Threshold t{"detection_filter", "by_src", 2, 60, 0};
  EXPECT_EQ(run(t, {0, 1, 2, 3, 100}), (std::vector<bool>{false, false, true, true, false}));
}

TEST(ThresholdTracker, BackoffAlertsAtGrowingIntervals) {
  Threshold t{"backoff", "by_flow", 1, 0, 10};
  std::vector<uint64_t> times(101, 0);
  auto out = run(t, times);
  std::vector<size_t> alerted;
  for (size_t i = 0; i < out.size(); ++i)
    if (out[i]) alerted.push_back(i + 1);
  EXPECT_EQ(alerted, (std::vector<size_t>{1, 10, 100}));
}

TEST(ThresholdTracker, TracksEachSourceApart) {
  Threshold t{"limit", "by_src", 1, 60, 0};
  ThresholdTracker tracker;
  EXPECT_TRUE(tracker.allow(t, at(0, "10.0.0.1")));
  EXPECT_TRUE(tracker.allow(t, at(0, "10.0.0.9")));
  EXPECT_FALSE(tracker.allow(t, at(1, "10.0.0.1")));
  Threshold by_rule{"limit", "by_rule", 1, 60, 0};
  EXPECT_TRUE(tracker.allow(by_rule, at(0, "10.0.0.1")));
  EXPECT_FALSE(tracker.allow(by_rule, at(0, "10.0.0.9")));
}

}  // namespace
}  // namespace rampart::detect
