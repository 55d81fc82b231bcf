// Sensor-side indicator lookups per second with one million indicators loaded
// (600k IPv4 hosts, 50k IPv4 blocks of /16-/28, 50k IPv6 blocks, 200k domains,
// 100k URLs), and how long building that set takes. Lookups mix hits and misses.
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include <chrono>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "intel_match/indicator_set.hpp"

namespace {

using rampart::IpAddress;
using rampart::intel::SensorIndicatorKind;
using rampart::intel_match::IndicatorEntry;
using rampart::intel_match::IndicatorSet;

constexpr int kHosts = 600000, kBlocks = 50000, kV6 = 50000, kDomains = 200000, kUrls = 100000;

std::string v4(uint32_t a) { return fmt::format("{}.{}.{}.{}", a >> 24, (a >> 16) & 255, (a >> 8) & 255, a & 255); }

IndicatorEntry entry(int n, SensorIndicatorKind kind, std::string value) {
  auto id = fmt::format("indicator--00000000-0000-4000-8000-{:012}", n);
  return IndicatorEntry{id, fmt::format("feed entry {}", n), std::nullopt, {{kind, std::move(value), id}}};
}

const IndicatorSet& million() {
  static std::shared_ptr<const IndicatorSet> set = [] {
    std::vector<IndicatorEntry> entries;
    entries.reserve(1000000);
    int n = 0;
    for (int i = 0; i < kHosts; ++i)
      entries.push_back(entry(n++, SensorIndicatorKind::Ipv4Cidr, v4(0x0A000000u + static_cast<uint32_t>(i) * 7) + "/32"));
    for (int i = 0; i < kBlocks; ++i)
      entries.push_back(entry(n++, SensorIndicatorKind::Ipv4Cidr,
                              fmt::format("{}/{}", v4(0xAC000000u + (static_cast<uint32_t>(i) << 12)), 16 + i % 13)));
    for (int i = 0; i < kV6; ++i)
      entries.push_back(entry(n++, SensorIndicatorKind::Ipv6Cidr, fmt::format("2001:db8:{:x}::/{}", i, 48 + i % 17)));
    for (int i = 0; i < kDomains; ++i)
      entries.push_back(entry(n++, SensorIndicatorKind::Domain, fmt::format("host{}.bad{}.example", i, i % 1000)));
    for (int i = 0; i < kUrls; ++i)
      entries.push_back(entry(n++, SensorIndicatorKind::Url, fmt::format("http://gate{}.example/p.php?id={}", i % 5000, i)));
    auto start = std::chrono::steady_clock::now();
    auto built = IndicatorSet::build(entries, 0);
    auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    fmt::print(stderr, "built a set of {} indicators in {:.2f} s\n", built->stats().indicators, seconds);
    return built;
  }();
  return *set;
}

void BM_AddressLookup(benchmark::State& state) {
  const auto& set = million();
  std::mt19937 random(1);
  std::vector<IpAddress> addresses;
  for (int i = 0; i < 4096; ++i) {
    uint32_t a = i % 2 == 0 ? 0x0A000000u + static_cast<uint32_t>(random() % kHosts) * 7 : static_cast<uint32_t>(random());
    uint8_t bytes[4] = {static_cast<uint8_t>(a >> 24), static_cast<uint8_t>(a >> 16), static_cast<uint8_t>(a >> 8),
                        static_cast<uint8_t>(a)};
    addresses.push_back(IpAddress::v4(bytes));
  }
  size_t next = 0, hits = 0;
  for (auto _ : state) {
    hits += set.match_address(addresses[next]) != nullptr;
    next = (next + 1) & 4095;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_AddressLookup);

void BM_DomainLookup(benchmark::State& state) {
  const auto& set = million();
  std::vector<std::string> names;
  for (int i = 0; i < 4096; ++i)
    names.push_back(i % 2 == 0 ? fmt::format("www.host{}.bad{}.example", i * 37, (i * 37) % 1000)
                               : fmt::format("cdn{}.static.good.example", i));
  size_t next = 0, hits = 0;
  for (auto _ : state) {
    hits += set.match_domain(names[next]) != nullptr;
    next = (next + 1) & 4095;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_DomainLookup);

void BM_UrlLookup(benchmark::State& state) {
  const auto& set = million();
  std::vector<std::pair<std::string, std::string>> requests;
  for (int i = 0; i < 4096; ++i)
    requests.emplace_back(fmt::format("gate{}.example", i % 5000), fmt::format("/p.php?id={}", i % 2 == 0 ? i : -i));
  size_t next = 0, hits = 0;
  for (auto _ : state) {
    hits += set.match_request(requests[next].first, requests[next].second) != nullptr;
    next = (next + 1) & 4095;
  }
  benchmark::DoNotOptimize(hits);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_UrlLookup);

}  // namespace

BENCHMARK_MAIN();
