// End to end: Suricata's local bypass. A flow is bypassed by a rule's bypass
// keyword or, with stream.bypass, once a side reaches stream.reassembly.depth;
// its later packets are only counted (stats.flow_bypassed) and the flow record
// says so.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

// The run's stats.flow_bypassed (null when missing).
nlohmann::json flow_bypassed(const SenseRun& run) {
  auto stats = run.of_type("stats");
  if (stats.size() != 1 || !stats[0]["stats"].contains("flow_bypassed")) return nullptr;
  return stats[0]["stats"]["flow_bypassed"];
}

// http_pipeline.pcap: the session on port 80 is packets 1-13, the one on 8081 packets 14-21.
TEST(Bypass, RuleKeywordBypassesTheRestOfTheFlow) {
  auto dir = std::filesystem::temp_directory_path() / ("rampart-bypass-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "bypass.rules")
      << "alert tcp any any -> any 80 (msg:\"bypass\"; flow:to_server; content:\"GET /index\"; bypass; sid:1;)\n"
         "alert tcp any any -> any any (msg:\"later\"; content:\"HTTP/1.1 200\"; sid:2;)\n";
  auto run = run_sense(data_path("http_pipeline.pcap"), "--workers 1 -S " + (dir / "bypass.rules").string());
  std::filesystem::remove_all(dir);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto alerts = run.of_type("alert");
  ASSERT_EQ(alerts.size(), 1u) << "the response comes after the bypass: " << run.eve_text();
  EXPECT_EQ(alerts[0]["alert"]["signature_id"], 1);
  const uint64_t at = alerts[0]["pcap_cnt"].get<uint64_t>();
  auto counters = flow_bypassed(run);
  ASSERT_FALSE(counters.is_null()) << run.eve_text();
  EXPECT_EQ(counters["local_pkts"].get<uint64_t>(), 13 - at) << "the session's packets after the alert's";
  EXPECT_GE(counters["local_bytes"].get<uint64_t>(), 54 * (13 - at)) << "Ethernet, IPv4 and TCP headers at least";
  size_t bypassed = 0;
  for (const auto& f : run.of_type("flow")) {
    if (f["dest_port"] != 80) continue;
    ++bypassed;
    EXPECT_EQ(f["flow"]["state"], "bypassed");
    EXPECT_EQ(f["flow"]["pkts_toserver"].get<uint64_t>() + f["flow"]["pkts_toclient"].get<uint64_t>(), 13u);
  }
  EXPECT_EQ(bypassed, 1u);
}

TEST(Bypass, StreamDepthBypassesWithStreamBypassOnly) {
  const std::string args = "--workers 1 --set stream.reassembly.depth=1 ";
  auto on = run_sense(data_path("http_pipeline.pcap"), args + "--set stream.bypass=true");
  auto off = run_sense(data_path("http_pipeline.pcap"), args + "--set stream.bypass=false");
  ASSERT_EQ(on.exit_code, 0) << on.stderr_text;
  ASSERT_EQ(off.exit_code, 0) << off.stderr_text;
  // Both sessions reach the depth with their first data packet (4 and 17): the
  // packets after it are bypassed, 9 of the first session and 4 of the second.
  EXPECT_EQ(flow_bypassed(on)["local_pkts"], 13) << on.eve_text();
  EXPECT_EQ(flow_bypassed(off)["local_pkts"], 0);
  for (const auto& f : on.of_type("flow")) EXPECT_EQ(f["flow"]["state"], "bypassed");
  for (const auto& f : off.of_type("flow")) EXPECT_NE(f["flow"]["state"], "bypassed");
}

}  // namespace
}  // namespace rampart::testing
