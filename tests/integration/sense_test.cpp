// End to end: `rampart sense` over generated captures (tests/tools/make_integration_pcaps.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

TEST(SenseTcpSession, WritesOneClosedFlowWithSuricataFields) {
  auto run = run_sense(data_path("tcp_session.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto flows = run.of_type("flow");
  ASSERT_EQ(flows.size(), 1u);
  const auto& f = flows[0];
  EXPECT_EQ(f["src_ip"], "192.168.1.10");
  EXPECT_EQ(f["src_port"], 40000);
  EXPECT_EQ(f["dest_ip"], "10.1.2.3");
  EXPECT_EQ(f["dest_port"], 80);
  EXPECT_EQ(f["proto"], "TCP");
  EXPECT_EQ(f["flow"]["pkts_toserver"], 5);
  EXPECT_EQ(f["flow"]["pkts_toclient"], 4);
  EXPECT_EQ(f["flow"]["state"], "closed");
  EXPECT_EQ(f["flow"]["reason"], "shutdown");
  EXPECT_EQ(f["flow"]["alerted"], false);
  EXPECT_EQ(f["tcp"]["tcp_flags"], "1b");
  EXPECT_EQ(f["tcp"]["syn"], true);
  EXPECT_EQ(f["tcp"]["fin"], true);
  EXPECT_EQ(f["timestamp"], f["flow"]["start"]);
  EXPECT_TRUE(f["flow_id"].is_number_unsigned());
  auto stats = run.of_type("stats");
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0]["stats"]["decoder"]["pkts"], 9);
  EXPECT_EQ(stats[0]["stats"]["flow"]["tcp"], 1);
}

TEST(SenseTimestamps, UseSuricataFormat) {
  auto run = run_sense(data_path("tcp_session.pcap"), "--workers 1");
  ASSERT_FALSE(run.events.empty());
  std::string ts = run.events[0]["timestamp"];
  // 2023-11-14T22:13:20.000000+0000 under TZ=UTC; the zone suffix is always +hhmm/-hhmm.
  ASSERT_EQ(ts.size(), 31u) << ts;
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts[19], '.');
  EXPECT_TRUE(ts[26] == '+' || ts[26] == '-');
}

TEST(SenseMixed, DecodesIcmpVlanUdpAndLogsAnomaly) {
  auto run = run_sense(data_path("mixed.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto flows = run.of_type("flow");
  auto find = [&](const std::string& proto, int port) {
    return std::count_if(flows.begin(), flows.end(), [&](const auto& f) {
      return f["proto"] == proto && (port < 0 || f.value("dest_port", -1) == port);
    });
  };
  EXPECT_EQ(find("TCP", 80), 1);
  EXPECT_EQ(find("UDP", 53), 1);
  for (const auto& f : flows) {
    if (f.value("dest_port", 0) == 53) {
      EXPECT_EQ(f["app_proto"], "dns");
    }
    if (f.value("dest_port", 0) == 80) {
      EXPECT_EQ(f["app_proto"], "http");
    }
  }
  EXPECT_EQ(find("ICMP", -1), 1);
  for (const auto& f : flows) {
    if (f["proto"] == "ICMP") {
      EXPECT_EQ(f["icmp_type"], 8);
      EXPECT_EQ(f["response_icmp_type"], 0);
      EXPECT_EQ(f["flow"]["state"], "established");
    }
    if (f.value("dest_port", 0) == 5678) {
      EXPECT_EQ(f["vlan"], nlohmann::json::array({42}));
    }
  }
  auto anomalies = run.of_type("anomaly");
  ASSERT_EQ(anomalies.size(), 1u);
  EXPECT_EQ(anomalies[0]["anomaly"]["type"], "decode");
  EXPECT_EQ(anomalies[0]["anomaly"]["event"], "decoder.ipv4.trunc_pkt");
  EXPECT_EQ(anomalies[0]["pcap_cnt"], 15);
}

TEST(SenseWorkers, OneWorkerIsDeterministic) {
  auto a = run_sense(data_path("many_flows.pcap"), "--workers 1");
  auto b = run_sense(data_path("many_flows.pcap"), "--workers 1");
  ASSERT_EQ(a.exit_code, 0);
  auto strip_stats = [](const SenseRun& r) {
    std::string out;
    for (const auto& e : r.events)
      if (e["event_type"] != "stats") out += e.dump() + "\n";
    return out;
  };
  EXPECT_EQ(strip_stats(a), strip_stats(b));
  EXPECT_EQ(a.of_type("flow").size(), 200u);
}

TEST(SenseWorkers, SeveralWorkersProduceTheSameFlows) {
  auto one = run_sense(data_path("many_flows.pcap"), "--workers 1");
  auto four = run_sense(data_path("many_flows.pcap"), "--workers 4");
  ASSERT_EQ(four.exit_code, 0) << four.stderr_text;
  auto flow_set = [](const SenseRun& r) {
    std::multiset<std::string> s;
    for (const auto& f : r.of_type("flow")) s.insert(f.dump());
    return s;
  };
  EXPECT_EQ(flow_set(one), flow_set(four));
}

TEST(SenseCapture, TruncatedFileIsReadUpToTheDamageWithAWarning) {
  auto run = run_sense(data_path("truncated.pcap"));
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.stderr_text.find("truncated.pcap: damaged after packet 3"), std::string::npos) << run.stderr_text;
  EXPECT_EQ(run.of_type("stats").at(0)["stats"]["decoder"]["pkts"], 3);
}

TEST(SenseCapture, UnreadableInputFailsWithTheFileName) {
  auto run = run_sense(data_path("not_a_capture.pcap"));
  EXPECT_NE(run.exit_code, 0);
  EXPECT_NE(run.stderr_text.find("not_a_capture.pcap"), std::string::npos) << run.stderr_text;
  auto missing = run_sense(data_path("does_not_exist.pcap"));
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.stderr_text.find("does_not_exist.pcap"), std::string::npos);
}

TEST(SenseCapture, ReadsADirectoryInNameOrder) {
  auto run = run_sense(data_path("capture_dir"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto flows = run.of_type("flow");
  ASSERT_EQ(flows.size(), 2u);
  EXPECT_EQ(flows[0]["src_port"], 53001);  // a.pcap first
  EXPECT_EQ(flows[1]["src_port"], 53002);
}

TEST(SenseCapture, ReadsStandardInputAndRawIp) {
  auto run = run_sense("-", "--workers 1", data_path("tcp_session.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.of_type("flow").size(), 1u);
  auto raw = run_sense(data_path("raw_ip.pcap"));
  ASSERT_EQ(raw.exit_code, 0);
  ASSERT_EQ(raw.of_type("flow").size(), 1u);
  EXPECT_EQ(raw.of_type("flow")[0]["dest_ip"], "10.1.2.3");
}

// --set and -S take one value each, as in Suricata: the words after them are the filter.
TEST(SenseCapture, TrailingBpfFilterSelectsPackets) {
  auto run = run_sense(data_path("mixed.pcap"), "--workers 1 --set stream.midstream=true -S /dev/null udp port 53");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto flows = run.of_type("flow");
  ASSERT_EQ(flows.size(), 1u);
  EXPECT_EQ(flows[0]["dest_port"], 53);
}

TEST(SenseCli, UnknownSetKeyIsRejected) {
  auto run = run_sense(data_path("tcp_session.pcap"), "--set no.such.key=1");
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.stderr_text.find("unknown setting 'no.such.key'"), std::string::npos) << run.stderr_text;
  auto bad_value = run_sense(data_path("tcp_session.pcap"), "--set stream.midstream=perhaps");
  EXPECT_EQ(bad_value.exit_code, 1);
  EXPECT_NE(bad_value.stderr_text.find("stream.midstream"), std::string::npos);
}

TEST(SenseCli, AcceptsWhatTheConformanceRunnerPasses) {
  auto run = run_sense(data_path("tcp_session.pcap"),
                       "--init-errors-fatal -k none --runmode=single -vvv --no-random --data-dir /tmp "
                       "--set stream.midstream=true --set stream.reassembly.depth=50 "
                       "--set app-layer.protocols.sip.enabled=yes "
                       "--set outputs.1.eve-log.types.2.anomaly.types.stream=yes");
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(run.of_type("flow").size(), 1u);
}

TEST(SenseCli, PartialSuricataYamlSelectsEveTypes) {
  auto dir = std::filesystem::temp_directory_path() / "rampart-it-yaml";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "suricata.yaml") << "%YAML 1.1\n---\noutputs:\n  - eve-log:\n      enabled: yes\n"
                                          "      types:\n        - alert\n        - stats\n"
                                          "stream:\n  midstream: true\n";
  auto run = run_sense(data_path("tcp_session.pcap"), "--workers 1 -c " + (dir / "suricata.yaml").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_TRUE(run.of_type("flow").empty());
  EXPECT_EQ(run.of_type("stats").size(), 1u);
  std::ofstream(dir / "bad.yaml") << "stream:\n  midstream: maybe\n";
  auto bad = run_sense(data_path("tcp_session.pcap"), "-c " + (dir / "bad.yaml").string());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.stderr_text.find("bad.yaml:2"), std::string::npos) << bad.stderr_text;
}

TEST(SenseCli, RuleErrorsNameFileAndLineAndStopStartUpOnlyWhenFatal) {
  auto run = run_sense(data_path("tcp_session.pcap"), "--workers 1 -S " + data_path("mixed.rules"));
  EXPECT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("mixed.rules:2: sid 2: unsupported keyword contnet"), std::string::npos)
      << run.stderr_text;
  EXPECT_EQ(run.of_type("flow").size(), 1u);
  auto fatal = run_sense(data_path("tcp_session.pcap"), "--init-errors-fatal -S " + data_path("mixed.rules"));
  EXPECT_EQ(fatal.exit_code, 1);
  EXPECT_TRUE(fatal.events.empty());
}

TEST(SenseCli, HelpForTheSubcommand) {
  std::string cmd = std::string(RAMPART_BINARY) + " sense --help > /dev/null";
  EXPECT_EQ(std::system(cmd.c_str()), 0);
}

}  // namespace
}  // namespace rampart::testing
