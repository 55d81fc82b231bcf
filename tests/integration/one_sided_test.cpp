// Sessions seen from the server's side only (Suricata's midstream pick-up from a
// SYN/ACK, stream.async-oneside): the SYN/ACK's sender is the server, and its
// reply reaches the parser and the rules.
#include <gtest/gtest.h>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

SenseRun run_server_side(const std::string& settings) {
  return run_sense(data_path("server_side_only.pcap"),
                   "--workers 1 -k none " + settings + " -S " + data_path("one_sided.rules"));
}

TEST(OneSidedSessions, SynAckSenderIsTheServer) {
  auto run = run_server_side("--set stream.async-oneside=true");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto flows = run.of_type("flow");
  ASSERT_EQ(flows.size(), 1u) << run.eve_text();
  EXPECT_EQ(flows[0]["src_ip"], "192.168.9.20");
  EXPECT_EQ(flows[0]["dest_port"], 80);
  EXPECT_EQ(flows[0]["flow"]["pkts_toserver"], 0);
  EXPECT_EQ(flows[0]["flow"]["pkts_toclient"], 4);
  EXPECT_EQ(flows[0]["tcp"]["state"], "fin_wait1");
}

TEST(OneSidedSessions, ReplyIsParsedAndInspectedOnArrival) {
  auto run = run_server_side("--set stream.async-oneside=true");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto http = run.of_type("http");
  ASSERT_EQ(http.size(), 1u) << run.eve_text();
  EXPECT_EQ(http[0]["http"]["status"], 200);
  int answer = 0, root = 0;
  for (const auto& a : run.of_type("alert")) {
    const int sid = a["alert"]["signature_id"];
    answer += sid == 1;
    root += sid == 2;
    if (sid == 2) {
      EXPECT_EQ(a["pcap_cnt"], 4) << "one-sided: inspected on arrival";
    }
    EXPECT_EQ(a["src_port"], 80);
  }
  EXPECT_EQ(answer, 1) << run.eve_text();
  EXPECT_EQ(root, 1) << run.eve_text();
}

TEST(OneSidedSessions, MidstreamWithoutAsyncWaitsForTheFlowEnd) {
  auto run = run_server_side("--set stream.midstream=true");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.of_type("http").size(), 1u) << run.eve_text();
  auto flows = run.of_type("flow");
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0]["flow"]["pkts_toclient"], 4);
}

TEST(OneSidedSessions, WithoutPickUpTheFlowKeepsItsFirstPacketsDirection) {
  auto run = run_server_side("");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto flows = run.of_type("flow");
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0]["src_ip"], "10.9.0.80");
  EXPECT_EQ(flows[0]["flow"]["pkts_toserver"], 4);
  EXPECT_TRUE(run.of_type("http").empty());
}

}  // namespace
}  // namespace rampart::testing
