// Center ingest throughput: NDJSON parsing alone, and parsed batches into the SQLite
// store (WAL, synchronous=FULL, one transaction per batch), in events per second.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "center/ingest/ndjson_batch.hpp"
#include "center/store/sqlite_store.hpp"

namespace {

using namespace rampart::center;

// A batch as a sensor uploads it: Suricata-shaped alert lines with varying fields.
std::string make_body(int events, int first_sid) {
  std::string body;
  for (int i = 0; i < events; ++i) {
    int sid = first_sid + i % 500;
    body += "{\"timestamp\":\"2024-01-02T03:04:" + std::to_string(10 + i % 50) +
            ".123456+0000\",\"flow_id\":1234567890123,\"in_iface\":\"eth0\",\"event_type\":\"alert\",\"src_ip\":\"10.0." +
            std::to_string(i % 200) + "." + std::to_string(i % 250) +
            "\",\"src_port\":40000,\"dest_ip\":\"192.0.2.7\",\"dest_port\":80,\"proto\":\"TCP\",\"alert\":{\"action\":"
            "\"allowed\",\"gid\":1,\"signature_id\":" +
            std::to_string(sid) + ",\"rev\":3,\"signature\":\"ET POLICY test signature " + std::to_string(sid) +
            "\",\"category\":\"Potential Corporate Privacy Violation\",\"severity\":" + std::to_string(1 + i % 3) +
            "},\"app_proto\":\"http\"}\n";
  }
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

void BM_IngestIntoSqlite(benchmark::State& state) {
  auto events = static_cast<int>(state.range(0));
  auto dir = std::filesystem::temp_directory_path() / ("rampart-center-bench-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  auto store = open_sqlite_store(dir);
  if (!store || !(*store)->add_sensor("bench", "bench-token-hash", "bench")) {
    state.SkipWithError("cannot open the store");
    return;
  }
  auto sensor = (*store)->find_token("bench-token-hash");
  auto batch = parse_ndjson_batch(make_body(events, 2000000));
  int64_t batch_number = 0;
  for (auto _ : state) {
    auto ack = (*store)->ingest(**sensor, "batch-" + std::to_string(batch_number++), *batch);
    if (!ack) {
      state.SkipWithError(ack.error().detail.c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * events);
  store->reset();
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_IngestIntoSqlite)->Arg(100)->Arg(1000)->Arg(5000)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
