// Micro benchmarks of the sensor's hot path: decoding, flow lookup and EVE writing.
#include <benchmark/benchmark.h>

#include <array>
#include <cstring>
#include <vector>

#include "common/json_writer.hpp"
#include "decode/decoder.hpp"
#include "flow/flow_table.hpp"
#include "output/eve_records.hpp"

namespace {

// Ethernet + IPv4 + TCP (ACK) with 64 payload bytes; ports vary per flow.
std::vector<uint8_t> tcp_frame(uint16_t sport) {
  std::vector<uint8_t> f(14 + 20 + 20 + 64, 0);
  f[12] = 0x08;
  uint8_t* ip = f.data() + 14;
  ip[0] = 0x45;
  ip[2] = 0;
  ip[3] = 104;
  ip[8] = 64;
  ip[9] = 6;
  const uint8_t src[4] = {10, 0, 0, 1}, dst[4] = {10, 0, 0, 2};
  std::memcpy(ip + 12, src, 4);
  std::memcpy(ip + 16, dst, 4);
  uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) sum += static_cast<uint32_t>((ip[i] << 8) | ip[i + 1]);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  ip[10] = static_cast<uint8_t>(~sum >> 8);
  ip[11] = static_cast<uint8_t>(~sum);
  uint8_t* tcp = ip + 20;
  tcp[0] = static_cast<uint8_t>(sport >> 8);
  tcp[1] = static_cast<uint8_t>(sport);
  tcp[3] = 80;
  tcp[12] = 0x50;
  tcp[13] = 0x10;
  return f;
}

void BM_DecodeTcp(benchmark::State& state) {
  auto frame = tcp_frame(1234);
  rampart::decode::Decoder decoder;
  for (auto _ : state) {
    rampart::decode::Packet pkt;
    pkt.frame = frame;
    decoder.decode(pkt);
    benchmark::DoNotOptimize(pkt.payload.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * frame.size()));
}
BENCHMARK(BM_DecodeTcp);

void BM_FlowLookup(benchmark::State& state) {
  const auto flows = static_cast<uint16_t>(state.range(0));
  std::vector<rampart::decode::Packet> packets(flows);
  std::vector<std::vector<uint8_t>> frames;
  rampart::decode::Decoder decoder;
  for (uint16_t i = 0; i < flows; ++i) frames.push_back(tcp_frame(static_cast<uint16_t>(1024 + i)));
  for (uint16_t i = 0; i < flows; ++i) {
    packets[i].frame = frames[i];
    decoder.decode(packets[i]);
  }
  rampart::flow::FlowTable table({}, [](rampart::flow::Flow&, rampart::flow::EndReason) {});
  size_t i = 0;
  for (auto _ : state) {
    auto lookup = table.lookup(packets[i]);
    benchmark::DoNotOptimize(lookup.flow);
    i = i + 1 == packets.size() ? 0 : i + 1;
  }
}
BENCHMARK(BM_FlowLookup)->Arg(1000)->Arg(50000);

void BM_EveFlowRecord(benchmark::State& state) {
  auto frame = tcp_frame(1234);
  rampart::decode::Decoder decoder;
  rampart::decode::Packet pkt;
  pkt.frame = frame;
  decoder.decode(pkt);
  rampart::flow::Flow f;
  f.client = pkt.src;
  f.server = pkt.dst;
  f.client_port = 1234;
  f.server_port = 80;
  f.ip_proto = 6;
  f.start_usec = 1700000000000000;
  f.last_usec = 1700000005000000;
  rampart::output::EveRecordWriter writer;
  std::string out;
  for (auto _ : state) {
    out.clear();
    writer.flow_record(out, f, rampart::flow::EndReason::Timeout);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EveFlowRecord);

}  // namespace

BENCHMARK_MAIN();
