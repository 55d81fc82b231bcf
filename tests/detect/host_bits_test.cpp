// xbits and hostbits: the shared store (expiry by packet time, pairs in either order,
// sweeping) and the keywords evaluated by the engine across flows and hosts.
#include "detect/host_bits.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "detect/variable_names.hpp"
#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

constexpr uint64_t kSecond = 1'000'000;
const IpAddress kA = *IpAddress::parse("10.50.0.1");
const IpAddress kB = *IpAddress::parse("10.50.0.2");

std::vector<uint32_t> alerts_for(Detector& d, const decode::Packet& p) {
  std::vector<Alert> out;
  d.inspect_packet(PacketInput{p, nullptr, {}, {}}, out);
  return sids(out);
}

decode::Packet at(decode::Packet p, uint64_t seconds) {
  p.ts_usec += seconds * kSecond;
  return p;
}

TEST(HostBitStore, BitsExpireByPacketTime) {
  HostBitStore store;
  store.set(HostBitStore::host(kA), 1, 100 * kSecond, 30);
  EXPECT_TRUE(store.is_set(HostBitStore::host(kA), 1, 129 * kSecond));
  EXPECT_FALSE(store.is_set(HostBitStore::host(kA), 1, 130 * kSecond));
  EXPECT_FALSE(store.is_set(HostBitStore::host(kB), 1, 100 * kSecond));
  EXPECT_FALSE(store.is_set(HostBitStore::host(kA), 2, 100 * kSecond));
  store.set(HostBitStore::host(kA), 1, 120 * kSecond, 30);  // a set refreshes the expiry
  EXPECT_TRUE(store.is_set(HostBitStore::host(kA), 1, 140 * kSecond));
}

TEST(HostBitStore, PairsAreUnorderedAndToggleFlips) {
  HostBitStore store;
  store.set(HostBitStore::pair(kA, kB), 3, 0, 30);
  EXPECT_TRUE(store.is_set(HostBitStore::pair(kB, kA), 3, 1));
  EXPECT_FALSE(store.is_set(HostBitStore::host(kA), 3, 1));
  store.toggle(HostBitStore::pair(kB, kA), 3, 1, 30);
  EXPECT_FALSE(store.is_set(HostBitStore::pair(kA, kB), 3, 1));
  store.toggle(HostBitStore::pair(kB, kA), 3, 1, 30);
  EXPECT_TRUE(store.is_set(HostBitStore::pair(kA, kB), 3, 1));
  store.unset(HostBitStore::pair(kA, kB), 3);
  EXPECT_FALSE(store.is_set(HostBitStore::pair(kA, kB), 3, 1));
  EXPECT_EQ(store.keys(), 0u);
}

TEST(HostBitStore, ExpiredBitsAreSweptWhileSetting) {
  HostBitStore store;
  for (uint32_t i = 0; i < 20000; ++i) {
    std::array<uint8_t, 4> raw{10, 60, static_cast<uint8_t>(i >> 8), static_cast<uint8_t>(i)};
    store.set(HostBitStore::host(IpAddress::v4(raw.data())), 1, uint64_t{i} * kSecond, 1);
  }
  EXPECT_LT(store.keys(), 20000u);
}

TEST(HostBitStore, WorkersSetConcurrently) {
  HostBitStore store;
  std::vector<std::thread> workers;
  for (uint8_t w = 0; w < 4; ++w)
    workers.emplace_back([&store, w] {
      for (uint8_t i = 0; i < 200; ++i) {
        std::array<uint8_t, 4> raw{10, 70, w, i};
        store.set(HostBitStore::host(IpAddress::v4(raw.data())), 1, 0, 30);
      }
    });
  for (auto& t : workers) t.join();
  EXPECT_EQ(store.keys(), 800u);
}

TEST(XbitsKeyword, SetOnOneFlowIsSeenOnAnotherFromTheSameHost) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set({
      R"(alert tcp any any -> any any (msg:"exfil after login"; content:"exfil"; xbits:isset,t.login,track ip_src; sid:2;))",
      R"(alert tcp any any -> any any (msg:"login"; content:"login"; xbits:set,t.login,track ip_src,expire 60; xbits:noalert; sid:1;))",
  })));
  auto login = packet("login", "10.51.0.1", 1000, "10.51.0.9", 80);
  auto exfil = packet("exfil", "10.51.0.1", 2000, "10.51.0.8", 443);
  auto other = packet("exfil", "10.51.0.2", 2000, "10.51.0.8", 443);
  EXPECT_EQ(alerts_for(d, exfil), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, login), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, at(exfil, 10)), (std::vector<uint32_t>{2}));
  EXPECT_EQ(alerts_for(d, at(other, 10)), (std::vector<uint32_t>{}));
  EXPECT_EQ(alerts_for(d, at(exfil, 61)), (std::vector<uint32_t>{}));  // expired
}

TEST(XbitsKeyword, SettersRunBeforeReadersOnOnePacket) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set({
      R"(alert tcp any any -> any any (msg:"reader"; content:"both"; xbits:isset,t.same,track ip_pair; sid:2;))",
      R"(alert tcp any any -> any any (msg:"setter"; content:"both"; xbits:set,t.same,track ip_pair; sid:1;))",
  })));
  auto p = packet("both", "10.52.0.1", 1000, "10.52.0.2", 80);
  EXPECT_EQ(alerts_for(d, p), (std::vector<uint32_t>{1, 2}));
  // ip_pair is either direction.
  auto reply = packet("both", "10.52.0.2", 80, "10.52.0.1", 1000);
  EXPECT_EQ(alerts_for(d, reply), (std::vector<uint32_t>{1, 2}));
}

TEST(HostbitsKeyword, TrackDestinationAndIsnotset) {
  Detector d;
  ASSERT_TRUE(d.use(rule_set({
      R"(alert tcp any any -> any any (msg:"mark server"; content:"mark"; hostbits:set,t.marked,track ip_dst; sid:1;))",
      R"(alert tcp any any -> any any (msg:"from marked"; content:"reply"; hostbits:isset,t.marked,track ip_src; sid:2;))",
      R"(alert tcp any any -> any any (msg:"from unmarked"; content:"reply"; hostbits:isnotset,t.marked,src; sid:3;))",
  })));
  EXPECT_EQ(alerts_for(d, packet("reply", "10.53.0.9", 80, "10.53.0.1", 1000)), (std::vector<uint32_t>{3}));
  EXPECT_EQ(alerts_for(d, packet("mark", "10.53.0.1", 1000, "10.53.0.9", 80)), (std::vector<uint32_t>{1}));
  EXPECT_EQ(alerts_for(d, packet("reply", "10.53.0.9", 80, "10.53.0.1", 1000)), (std::vector<uint32_t>{2}));
  EXPECT_FALSE(parse(R"(alert tcp any any -> any any (msg:"x"; hostbits:set,a,track ip_pair; sid:4;))"));
}

}  // namespace
}  // namespace rampart::detect::testing
