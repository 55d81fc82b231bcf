// End to end: packet rules on TCP match the raw reassembled stream
// (tests/tools/make_stream_pcaps.py): a pattern split across segments, in either
// direction or out of order, alerts once with stream 1; a pattern inside one segment
// alerts once, also when the segment is retransmitted; beyond the reassembly depth the
// packet's own payload is matched (stream 0); dsize rules stay packet rules.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <utility>
#include <vector>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

// (sid, server port) -> alerts.
using AlertCounts = std::map<std::pair<uint64_t, uint64_t>, int>;

AlertCounts alerts_by_sid_and_port(const SenseRun& run) {
  AlertCounts out;
  for (const auto& a : run.of_type("alert")) {
    uint64_t port = a["direction"] == "to_server" ? a["dest_port"].get<uint64_t>() : a["src_port"].get<uint64_t>();
    ++out[{a["alert"]["signature_id"].get<uint64_t>(), port}];
  }
  return out;
}

// The capture's receivers never acknowledge: inline mode inspects the stream as it
// arrives, so the split patterns are matched on the packets that complete them.
SenseRun run_with_payloads(const std::string& extra = "--set stream.inline=true") {
  auto config = std::filesystem::temp_directory_path() / ("rampart-stream-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(config) << "outputs:\n  - eve-log:\n      enabled: yes\n      types:\n        - alert:\n"
                           "            payload-printable: yes\n";
  auto run = run_sense(data_path("stream_split.pcap"),
                       "--workers 1 -c " + config.string() + " -S " + data_path("stream.rules") + " " + extra);
  std::filesystem::remove(config);
  return run;
}

TEST(StreamMatch, SplitPatternsAlertOnceOnTheStream) {
  auto run = run_with_payloads();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  AlertCounts expected{{{1, 7001}, 1}, {{2, 7001}, 1}, {{1, 7002}, 1}, {{3, 7002}, 1}, {{1, 7003}, 1},
                       {{1, 7004}, 1}, {{3, 7004}, 2}, {{1, 7005}, 2}, {{3, 7005}, 1}};
  EXPECT_EQ(alerts_by_sid_and_port(run), expected) << run.eve_text();
}

TEST(StreamMatch, StreamAlertsCarryTheStreamData) {
  auto run = run_with_payloads();
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  int checked = 0;
  for (const auto& a : run.of_type("alert")) {
    uint64_t sid = a["alert"]["signature_id"];
    std::string printable = a["payload_printable"];
    if (sid == 3) {
      EXPECT_EQ(a["stream"], 0);
      EXPECT_EQ(printable, "EVILPATTERN");
      continue;
    }
    EXPECT_EQ(a["stream"], 1) << a.dump();
    EXPECT_EQ(a["pkt_src"], "wire/pcap");
    if (a["src_port"] == 7001) {
      // The server's bytes seen before the segment that completed the pattern, then it.
      EXPECT_EQ(printable, "abcSPLITRESPONSEdef");
      EXPECT_EQ(a["direction"], "to_client");
      ++checked;
    }
    if (a["dest_port"] == 7003) {
      EXPECT_EQ(printable, "--EVILPATTERN--") << "the hole filled: both segments delivered at once";
      ++checked;
    }
  }
  EXPECT_EQ(checked, 2) << run.eve_text();
}

TEST(StreamMatch, BeyondTheDepthThePacketIsMatched) {
  auto run = run_with_payloads("--set stream.inline=true --set stream.reassembly.depth=16");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto counts = alerts_by_sid_and_port(run);
  EXPECT_EQ((counts[{1, 7005}]), 1) << run.eve_text();  // the whole pattern, in a packet past the depth
  for (const auto& a : run.of_type("alert")) {
    if (a["dest_port"] == 7005 && a["alert"]["signature_id"] == 1) {
      EXPECT_EQ(a["stream"], 0);
    }
  }
  EXPECT_EQ((counts[{1, 7001}]), 1) << "split within the depth";
}

// Each flow's stream state lives with the worker that owns the flow.
TEST(StreamMatch, SameAlertsWithSeveralWorkers) {
  std::vector<AlertCounts> counts;
  for (const char* workers : {"1", "4"}) {
    auto run = run_sense(data_path("stream_split.pcap"),
                         std::string("--workers ") + workers + " -S " + data_path("stream.rules"));
    ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
    counts.push_back(alerts_by_sid_and_port(run));
  }
  EXPECT_EQ(counts[0], counts[1]);
}

}  // namespace
}  // namespace rampart::testing
