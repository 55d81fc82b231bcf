// Center ingest throughput at the store level, in events per second: inflating a gzip
// batch alone, parsing an NDJSON batch alone, correlating a batch's alerts, and parsed batches into the SQLite store
// (one transaction per batch) and, when RAMPART_BENCH_POSTGRES names a database (libpq
// conninfo), into the PostgreSQL store. Batches look like a sensor's upload: 80% Suricata-shaped
// alerts of about 1 KB (flow, metadata and HTTP records), the rest flow records.
#include <benchmark/benchmark.h>
#include <fmt/format.h>
#include <libdeflate.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "center/incidents/correlator.hpp"
#include "center/ingest/gzip.hpp"
#include "center/ingest/ndjson_batch.hpp"
#include "center/store/postgres_store.hpp"
#include "center/store/sqlite_store.hpp"

namespace {

using namespace rampart::center;

std::string alert_line(int i, int first_sid) {
  int sid = first_sid + i % 500;
  return fmt::format(
      R"({{"timestamp":"2024-01-02T03:{:02}:{:02}.123456+0000","flow_id":{},"in_iface":"eth0","event_type":"alert",)"
      R"("src_ip":"10.0.{}.{}","src_port":{},"dest_ip":"198.51.{}.{}","dest_port":80,"proto":"TCP","pkt_src":"wire/pcap",)"
      R"("community_id":"1:9f2e0c1d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d=","alert":{{"action":"allowed","gid":1,)"
      R"("signature_id":{},"rev":3,"signature":"ET POLICY suspicious activity pattern {} observed in request",)"
      R"("category":"Potential Corporate Privacy Violation","severity":{},"metadata":{{"created_at":["2019_07_26"],)"
      R"("updated_at":["2023_11_02"],"signature_severity":["Major"]}}}},"http":{{"hostname":"update.example.com",)"
      R"("url":"/api/v2/items?id={}","http_user_agent":"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",)"
      R"("http_content_type":"text/html","http_method":"GET","protocol":"HTTP/1.1","status":200,"length":{}}},)"
      R"("app_proto":"http","direction":"to_server","flow":{{"pkts_toserver":{},"pkts_toclient":{},"bytes_toserver":{},)"
      R"("bytes_toclient":{},"start":"2024-01-02T03:04:05.000001+0000"}}}})",
      i / 60 % 60, i % 60, 1234567890123 + i, i % 200, i % 250, 40000 + i % 20000, i % 97, i % 251, sid, sid,
      1 + i % 3, i, i * 7 % 50000, 3 + i % 20, 2 + i % 30, 400 + i % 9000, 900 + i % 70000);
}

std::string flow_line(int i) {
  return fmt::format(
      R"({{"timestamp":"2024-01-02T03:04:{:02}.123456+0000","flow_id":{},"in_iface":"eth0","event_type":"flow",)"
      R"("src_ip":"10.0.{}.{}","src_port":{},"dest_ip":"203.0.113.{}","dest_port":443,"proto":"TCP","app_proto":"tls",)"
      R"("flow":{{"pkts_toserver":12,"pkts_toclient":10,"bytes_toserver":1800,"bytes_toclient":9000,)"
      R"("start":"2024-01-02T03:04:05.000001+0000","end":"2024-01-02T03:04:09.000001+0000","age":4,"state":"closed",)"
      R"("reason":"timeout","alerted":false}},"tcp":{{"tcp_flags":"1b","syn":true,"fin":true,"ack":true}}}})",
      i % 60, 9876543210 + i, i % 200, i % 250, 30000 + i, i % 254);
}

std::string make_body(int events, int first_sid) {
  std::string body;
  for (int i = 0; i < events; ++i) body += (i % 5 == 4 ? flow_line(i) : alert_line(i, first_sid)) + "\n";
  return body;
}

void BM_ParseBatch(benchmark::State& state) {
  auto events = static_cast<int>(state.range(0));
  std::string body = make_body(events, 2000000);
  for (auto _ : state) {
    auto batch = parse_ndjson_batch(body);
    benchmark::DoNotOptimize(batch);
  }
  state.SetItemsProcessed(state.iterations() * events);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_ParseBatch)->Arg(1000);

// A batch as the sensor sends it: gzip at level 6.
std::string gzip_body(std::string_view body) {
  std::unique_ptr<libdeflate_compressor, decltype(&libdeflate_free_compressor)> compressor(
      libdeflate_alloc_compressor(6), libdeflate_free_compressor);
  std::string packed(libdeflate_gzip_compress_bound(compressor.get(), body.size()), '\0');
  packed.resize(libdeflate_gzip_compress(compressor.get(), body.data(), body.size(), packed.data(), packed.size()));
  return packed;
}

void BM_Gunzip(benchmark::State& state) {
  auto events = static_cast<int>(state.range(0));
  std::string body = make_body(events, 2000000);
  std::string packed = gzip_body(body);
  for (auto _ : state) {
    auto inflated = gunzip(packed, body.size());
    if (!inflated || inflated->size() != body.size()) {
      state.SkipWithError("gunzip failed");
      break;
    }
    benchmark::DoNotOptimize(inflated);
  }
  state.SetItemsProcessed(state.iterations() * events);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(body.size()));
}
BENCHMARK(BM_Gunzip)->Arg(1000);

void ingest_batches(benchmark::State& state, Store& store) {
  auto events = static_cast<int>(state.range(0));
  static int run = 0;  // a fresh sensor per run: batch ids stay new in a reused database
  std::string name = fmt::format("bench-{}-{}", ::getpid(), run++);
  if (!store.add_sensor(name, name + "-token-hash", "bench")) {
    state.SkipWithError("cannot add the sensor");
    return;
  }
  auto sensor = store.find_token(name + "-token-hash");
  auto batch = parse_ndjson_batch(make_body(events, 2000000));
  int64_t batch_number = 0;
  for (auto _ : state) {
    auto ack = store.ingest(**sensor, "batch-" + std::to_string(batch_number++), *batch);
    if (!ack) {
      state.SkipWithError(ack.error().detail.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * events);
}

void BM_IngestIntoSqlite(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / ("rampart-center-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto store = open_sqlite_store(dir);
  if (!store) {
    state.SkipWithError(store.error().detail.c_str());
    return;
  }
  ingest_batches(state, **store);
  store->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IngestIntoSqlite)->Arg(100)->Arg(1000)->Arg(5000)->UseRealTime();

void BM_IngestIntoPostgres(benchmark::State& state) {
  const char* conninfo = std::getenv("RAMPART_BENCH_POSTGRES");
  if (conninfo == nullptr) {
    state.SkipWithError("set RAMPART_BENCH_POSTGRES to a database to measure PostgreSQL");
    return;
  }
  auto store = open_postgres_store(conninfo);
  if (!store) {
    state.SkipWithError(store.error().detail.c_str());
    return;
  }
  ingest_batches(state, **store);
}
BENCHMARK(BM_IngestIntoPostgres)->Arg(1000)->UseRealTime();

// Correlation with the built-in rules of alerts shaped like bench/make_center_events.py
// makes them: eight categories, one alert every half second, random addresses (so the
// sequence rule opens a group per target, which stays for its 30-minute window).
std::vector<incidents::CorrelationAlert> correlation_batch(std::mt19937_64& random, int64_t& next_id, int alerts) {
  static constexpr std::array<std::string_view, 8> kCategories{
      "Potential Corporate Privacy Violation", "A Network Trojan was detected", "Attempted Information Leak",
      "Misc activity", "Potentially Bad Traffic", "Attempted Administrator Privilege Gain",
      "Web Application Attack", "Detection of a Network Scan"};
  auto address = [&](int first) {
    return fmt::format("{}.{}.{}.{}", first, random() % 256, random() % 256, 1 + random() % 254);
  };
  std::vector<incidents::CorrelationAlert> batch;
  for (int i = 0; i < alerts; ++i, ++next_id) {
    auto signature = static_cast<int64_t>(random() % 500);
    bool inbound = random() % 10 < 3;
    std::string inside = address(10);
    std::string outside = address(198);
    batch.push_back({next_id, 1'709'600'000'000'000 + next_id * 500'000, "sensor-1", "", 2'000'000 + signature * 37,
                     1 + static_cast<int>(signature % 3), std::string(kCategories[signature % kCategories.size()]),
                     inbound ? outside : inside, inbound ? inside : outside});
  }
  return batch;
}

void BM_Correlate(benchmark::State& state) {
  auto alerts = static_cast<int>(state.range(0));
  incidents::Correlator correlator(incidents::default_correlation_config(), *incidents::AssetInventory::build({}));
  std::mt19937_64 random(5);
  int64_t next_id = 1;
  for (int warm = 0; warm < 20; ++warm) correlator.process(correlation_batch(random, next_id, alerts));
  for (auto _ : state) {
    state.PauseTiming();
    auto batch = correlation_batch(random, next_id, alerts);
    state.ResumeTiming();
    benchmark::DoNotOptimize(correlator.process(batch));
  }
  state.SetItemsProcessed(state.iterations() * alerts);
  state.counters["open_groups"] = static_cast<double>(correlator.open_groups());
}
BENCHMARK(BM_Correlate)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
