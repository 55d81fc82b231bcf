// Thresholds across workers: detectors sharing one tracker count address- and
// rule-tracked thresholds together, by_flow stays with each detector, and the
// shared tracker is safe under concurrent use, bounded by its memory cap and expires
// idle entries.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "detect/threshold_tracker.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

std::vector<uint32_t> alerts_for(Detector& d, const decode::Packet& p) {
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, nullptr, {}, {}}, out);
  return sids(out);
}

const std::vector<uint32_t> kAlert{1}, kNone{};

TEST(SharedThresholds, DetectorsSharingATrackerCountTogether) {
  auto rules = rule_set({R"(alert tcp any any -> any any (msg:"t"; content:"x"; threshold:type limit, track by_src, count 1, seconds 60; sid:1;))"});
  auto shared = std::make_shared<ThresholdTracker>();
  Detector first, second;
  first.share_thresholds(shared);
  second.share_thresholds(shared);
  ASSERT_TRUE(first.use(rules));
  ASSERT_TRUE(second.use(rules));
  EXPECT_EQ(alerts_for(first, packet("x")), kAlert);
  EXPECT_EQ(alerts_for(second, packet("x")), kNone);
  EXPECT_EQ(alerts_for(second, packet("x", "10.0.0.5")), kAlert);
  EXPECT_EQ(shared->tracked(), 2u);
}

TEST(SharedThresholds, ByFlowStaysWithTheDetector) {
  auto rules = rule_set({R"(alert tcp any any -> any any (msg:"t"; content:"x"; threshold:type limit, track by_flow, count 1, seconds 60; sid:1;))"});
  auto shared = std::make_shared<ThresholdTracker>();
  Detector first, second;
  first.share_thresholds(shared);
  second.share_thresholds(shared);
  ASSERT_TRUE(first.use(rules));
  ASSERT_TRUE(second.use(rules));
  auto p = packet("x");
  FlowVars vars;
  auto flow = flow_facts(p, vars);
  std::vector<Alert> out;
  first.inspect_packet(PacketInput{p, &flow, {}, {}}, out);
  EXPECT_EQ(out.size(), 1u);
  first.inspect_packet(PacketInput{p, &flow, {}, {}}, out);
  EXPECT_TRUE(out.empty());
  second.inspect_packet(PacketInput{p, &flow, {}, {}}, out);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(shared->tracked(), 0u);
}

TEST(SharedThresholds, ConcurrentWorkersAlertOncePerSource) {
  Threshold limit{"limit", "by_src", 1, 60, 0};
  ThresholdTracker tracker;
  constexpr int kSources = 200, kThreads = 4, kRounds = 5;
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int round = 0; round < kRounds; ++round)
        for (int i = 0; i < kSources; ++i) {
          ThresholdSubject s;
          s.gid = 1;
          s.sid = 1;
          s.src = *IpAddress::parse("10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250));
          s.now_usec = 1'000'000;
          if (tracker.allow(limit, s)) ++allowed;
        }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), kSources);
  EXPECT_EQ(tracker.tracked(), static_cast<size_t>(kSources));
}

TEST(SharedThresholds, MemcapBoundsTheEntriesAndCountsRefusals) {
  Threshold limit{"limit", "by_src", 1, 60, 0};
  ThresholdTracker tracker(4096);
  size_t allowed = 0;
  for (int i = 0; i < 1000; ++i) {
    ThresholdSubject s;
    s.sid = 1;
    s.src = *IpAddress::parse("10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250));
    s.now_usec = 1'000'000;
    allowed += tracker.allow(limit, s) ? 1 : 0;
  }
  auto st = tracker.stats();
  EXPECT_EQ(allowed, 1000u);  // a key that cannot be stored is judged as a first hit
  EXPECT_LE(st.memuse, st.memcap);
  EXPECT_GT(st.entries, 0u);
  EXPECT_EQ(st.entries + st.memcap_refused, 1000u);
}

TEST(SharedThresholds, IdleEntriesExpire) {
  Threshold limit{"limit", "by_src", 1, 60, 0};
  ThresholdTracker tracker;
  ThresholdSubject s;
  s.sid = 1;
  s.src = *IpAddress::parse("10.3.0.1");
  s.now_usec = 1'000'000;
  EXPECT_TRUE(tracker.allow(limit, s));
  EXPECT_FALSE(tracker.allow(limit, s));
  s.now_usec += 2 * 3600 * 1'000'000ULL;  // two hours later the shard sweeps on its next use
  EXPECT_TRUE(tracker.allow(limit, s));
  EXPECT_GE(tracker.stats().expired, 1u);
}

}  // namespace
}  // namespace rampart::detect::testing
