// Benchmarks of the intel library: STIX patterns parsed and compiled into sensor
// indicators per second (the work a center does per indicator it pushes to sensors),
// and indicator objects validated per second.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>
#include <vector>

#include "intel/pattern.hpp"
#include "intel/sensor_indicator.hpp"
#include "intel/stix_object.hpp"

namespace {

std::vector<std::string> feed_patterns() {
  std::vector<std::string> patterns;
  for (int i = 0; i < 256; ++i) {
    const std::string n = std::to_string(i);
    patterns.push_back("[ipv4-addr:value = '10.1." + n + ".7']");
    patterns.push_back("[ipv4-addr:value ISSUBSET '172.16." + n + ".0/24'] OR [ipv6-addr:value = '2001:db8::" + n + "']");
    patterns.push_back("[domain-name:value = 'Host" + n + ".Example.ORG']");
    patterns.push_back("[url:value = 'http://host" + n + ".example.org/gate.php?id=" + n + "']");
    char hash[65];
    std::snprintf(hash, sizeof hash, "%064X", i);
    patterns.push_back("[file:hashes.'SHA-256' = '" + std::string(hash) + "']");
  }
  return patterns;
}

void BM_PatternParseAndCompile(benchmark::State& state) {
  const auto patterns = feed_patterns();
  size_t next = 0, indicators = 0;
  for (auto _ : state) {
    auto compiled = rampart::intel::compile_for_sensors(patterns[next], "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
    indicators += compiled ? compiled->size() : 0;
    next = (next + 1) % patterns.size();
  }
  benchmark::DoNotOptimize(indicators);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_PatternParseAndCompile);

void BM_PatternParseComplex(benchmark::State& state) {
  const std::string pattern =
      "([file:hashes.'SHA-256' = 'aa' OR file:name MATCHES '^evil'] AND [network-traffic:dst_port IN (80, 443)]) "
      "FOLLOWEDBY [url:value LIKE 'http://%/gate.php'] WITHIN 300 SECONDS";
  for (auto _ : state) {
    auto parsed = rampart::intel::parse_pattern(pattern);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_PatternParseComplex);

void BM_IndicatorObjectValidate(benchmark::State& state) {
  const std::string text =
      R"({"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",)"
      R"("created":"2024-01-02T03:04:05.000Z","modified":"2024-01-02T03:04:05.000Z",)"
      R"("pattern":"[ipv4-addr:value = '198.51.100.7']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z",)"
      R"("object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]})";
  for (auto _ : state) {
    auto object = rampart::intel::parse_stix_object(text);
    benchmark::DoNotOptimize(object);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_IndicatorObjectValidate);

}  // namespace

BENCHMARK_MAIN();
