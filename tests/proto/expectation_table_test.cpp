// The table of expected flows: one use per expectation, keys that tell who
// connects to whom, the cap (refusals counted), expiry in packet time, and use
// by several workers at once.
#include "proto/expectation_table.hpp"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rampart::proto {
namespace {

constexpr uint64_t kSecond = 1'000'000;
constexpr uint64_t kStart = 1'700'000'000 * kSecond;

IpAddress address(const char* text) { return *IpAddress::parse(text); }

Expectation expect(const char* connector, const char* listener, uint16_t port) {
  return {.connector = address(connector),
          .listener = address(listener),
          .port = port,
          .control_flow_id = 42,
          .protocol = "ftp-data",
          .channel = std::make_shared<DataChannel>()};
}

TEST(ExpectationTable, AFlowTakesItsExpectationOnce) {
  ExpectationTable table;
  ASSERT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", 40000), kStart));
  auto taken = table.take(address("10.0.0.1"), address("10.0.0.2"), 40000, kStart + 1);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->control_flow_id, 42u);
  EXPECT_EQ(taken->protocol, "ftp-data");
  EXPECT_FALSE(table.take(address("10.0.0.1"), address("10.0.0.2"), 40000, kStart + 2).has_value());
  auto stats = table.stats();
  EXPECT_EQ(stats.added, 1u);
  EXPECT_EQ(stats.taken, 1u);
  EXPECT_EQ(stats.active, 0u);
}

TEST(ExpectationTable, TheKeyTellsWhoConnectsToWhichPort) {
  ExpectationTable table;
  ASSERT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", 40000), kStart));
  EXPECT_FALSE(table.take(address("10.0.0.2"), address("10.0.0.1"), 40000, kStart).has_value());
  EXPECT_FALSE(table.take(address("10.0.0.1"), address("10.0.0.2"), 40001, kStart).has_value());
  EXPECT_FALSE(table.take(address("10.0.0.3"), address("10.0.0.2"), 40000, kStart).has_value());
  EXPECT_TRUE(table.take(address("10.0.0.1"), address("10.0.0.2"), 40000, kStart).has_value());
}

TEST(ExpectationTable, AnnouncingAPortAgainReplacesTheEntry) {
  ExpectationTable table({.capacity = 1, .timeout_usec = 10 * kSecond});
  auto first = expect("10.0.0.1", "10.0.0.2", 40000);
  auto second = expect("10.0.0.1", "10.0.0.2", 40000);
  second.control_flow_id = 43;
  ASSERT_TRUE(table.add(first, kStart));
  ASSERT_TRUE(table.add(second, kStart + 1)) << "a replacement takes no new place";
  EXPECT_EQ(table.stats().active, 1u);
  auto taken = table.take(address("10.0.0.1"), address("10.0.0.2"), 40000, kStart + 2);
  ASSERT_TRUE(taken.has_value());
  EXPECT_EQ(taken->control_flow_id, 43u);
}

TEST(ExpectationTable, AFullTableRefusesAndCounts) {
  ExpectationTable table({.capacity = 3, .timeout_usec = 10 * kSecond});
  for (uint16_t port = 1; port <= 3; ++port) ASSERT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", port), kStart));
  EXPECT_FALSE(table.add(expect("10.0.0.1", "10.0.0.2", 4), kStart + 1));
  EXPECT_FALSE(table.add(expect("10.0.0.5", "10.0.0.6", 5), kStart + 1));
  auto stats = table.stats();
  EXPECT_EQ(stats.refused, 2u);
  EXPECT_EQ(stats.active, 3u);
  // Taking one frees a place.
  ASSERT_TRUE(table.take(address("10.0.0.1"), address("10.0.0.2"), 2, kStart + 2).has_value());
  EXPECT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", 4), kStart + 2));
}

TEST(ExpectationTable, EntriesExpireInPacketTime) {
  ExpectationTable table({.capacity = 2, .timeout_usec = 10 * kSecond});
  ASSERT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", 1), kStart));
  ASSERT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", 2), kStart + 5 * kSecond));
  EXPECT_TRUE(table.take(address("10.0.0.1"), address("10.0.0.2"), 2, kStart + 14 * kSecond).has_value());
  EXPECT_FALSE(table.take(address("10.0.0.1"), address("10.0.0.2"), 1, kStart + 10 * kSecond).has_value());
  EXPECT_EQ(table.stats().expired, 1u);
  // A full table sweeps what expired everywhere before it refuses.
  ASSERT_TRUE(table.add(expect("10.0.0.1", "10.0.0.2", 3), kStart + 20 * kSecond));
  ASSERT_TRUE(table.add(expect("10.0.0.7", "10.0.0.8", 4), kStart + 25 * kSecond));
  EXPECT_TRUE(table.add(expect("10.0.0.9", "10.0.0.4", 5), kStart + 31 * kSecond));
  auto stats = table.stats();
  EXPECT_EQ(stats.expired, 2u);
  EXPECT_EQ(stats.refused, 0u);
  EXPECT_EQ(stats.active, 2u);
}

TEST(ExpectationTable, TheDataChannelIsSharedWithTheFlowThatTookIt) {
  ExpectationTable table;
  auto e = expect("10.0.0.1", "10.0.0.2", 40000);
  auto channel = e.channel;
  ASSERT_TRUE(table.add(std::move(e), kStart));
  auto taken = table.take(address("10.0.0.1"), address("10.0.0.2"), 40000, kStart);
  ASSERT_TRUE(taken.has_value());
  EXPECT_TRUE(taken->channel->use().command.empty());
  channel->set_use("RETR", "index.html");  // the command arrives after the connection
  EXPECT_EQ(taken->channel->use().command, "RETR");
  EXPECT_EQ(taken->channel->use().argument, "index.html");
}

// Workers announce and take at once: every expectation is taken by exactly one
// of them, and the cap holds however the additions interleave.
TEST(ExpectationTable, WorkersShareItSafely) {
  constexpr int kWorkers = 4, kPerWorker = 500;
  ExpectationTable table({.capacity = 1000, .timeout_usec = 60 * kSecond});
  std::vector<std::thread> adders;
  for (int w = 0; w < kWorkers; ++w)
    adders.emplace_back([&, w] {
      for (int i = 0; i < kPerWorker; ++i)
        table.add(expect("10.0.0.1", "10.0.0.2", static_cast<uint16_t>(w * kPerWorker + i + 1)), kStart);
    });
  for (auto& t : adders) t.join();
  auto stats = table.stats();
  EXPECT_EQ(stats.added, 1000u);
  EXPECT_EQ(stats.refused, 1000u);
  EXPECT_EQ(stats.active, 1000u);
  std::atomic<int> taken{0};
  std::vector<std::thread> takers;
  for (int w = 0; w < kWorkers; ++w)
    takers.emplace_back([&] {
      for (int port = 1; port <= kWorkers * kPerWorker; ++port)
        if (table.take(address("10.0.0.1"), address("10.0.0.2"), static_cast<uint16_t>(port), kStart)) ++taken;
    });
  for (auto& t : takers) t.join();
  EXPECT_EQ(taken.load(), 1000);
  EXPECT_EQ(table.stats().active, 0u);
}

}  // namespace
}  // namespace rampart::proto
