// End to end: `rampart sense -S RULES` over a generated capture
// (tests/tools/make_alert_pcaps.py) writes Suricata-style alert records.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

std::map<uint64_t, int> alerts_by_sid(const SenseRun& run) {
  std::map<uint64_t, int> out;
  for (const auto& a : run.of_type("alert")) ++out[a["alert"]["signature_id"].get<uint64_t>()];
  return out;
}

TEST(SenseAlerts, RulesRaiseTheExpectedAlerts) {
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + data_path("alert_rules/alert.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::map<uint64_t, int> expected{{1000001, 1}, {1000003, 1}, {1000004, 1}, {1000005, 1},
                                   {1000006, 1}, {1000007, 1}, {1000008, 1}};
  EXPECT_EQ(alerts_by_sid(run), expected) << run.eve_text();
  EXPECT_NE(run.stderr_text.find("alert.rules:11"), std::string::npos) << run.stderr_text;
  EXPECT_NE(run.stderr_text.find("nosuchkeyword"), std::string::npos) << run.stderr_text;
}

TEST(SenseAlerts, AlertRecordCarriesSuricatasFields) {
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + data_path("alert_rules/alert.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  for (const auto& a : run.of_type("alert")) {
    if (a["alert"]["signature_id"] != 1000001) continue;
    EXPECT_EQ(a["src_ip"], "192.168.7.10");
    EXPECT_EQ(a["dest_ip"], "10.7.0.80");
    EXPECT_EQ(a["dest_port"], 80);
    EXPECT_EQ(a["proto"], "TCP");
    // The request (packet 4) is acknowledged by the reply (5) and, as in Suricata's
    // IDS mode, inspected on the client's next packet.
    EXPECT_EQ(a["pcap_cnt"], 6);
    EXPECT_EQ(a["alert"]["action"], "allowed");
    EXPECT_EQ(a["alert"]["gid"], 1);
    EXPECT_EQ(a["alert"]["rev"], 2);
    EXPECT_EQ(a["alert"]["signature"], "admin page requested");
    EXPECT_EQ(a["alert"]["category"], "Web Application Attack");
    EXPECT_EQ(a["alert"]["severity"], 1);
    EXPECT_EQ(a["alert"]["metadata"]["signature_severity"][0], "Major");
    EXPECT_EQ(a["app_proto"], "http");
    EXPECT_EQ(a["direction"], "to_server");
    EXPECT_EQ(a["flow"]["src_ip"], "192.168.7.10");
    EXPECT_TRUE(a.contains("flow_id"));
    return;
  }
  ADD_FAILURE() << "no alert for sid 1000001\n" << run.eve_text();
}

TEST(SenseAlerts, RequestRulesRunOnTheClientsNextPacket) {
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + data_path("alert_rules/alert.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  int seen = 0;
  for (const auto& a : run.of_type("alert")) {
    if (a["alert"]["signature_id"] != 1000004 || a["src_port"] != 40000) continue;
    ++seen;
    // The request (packet 4) reaches the parser with the reply's ACK (5); as in
    // Suricata, its rules run on the client's next packet (6), not on the reply.
    EXPECT_EQ(a["pcap_cnt"], 6);
    EXPECT_EQ(a["direction"], "to_server");
    EXPECT_EQ(a["flow"]["pkts_toserver"], 4);
    EXPECT_EQ(a["flow"]["pkts_toclient"], 2);
  }
  EXPECT_EQ(seen, 1) << run.eve_text();
}

// Suricata's eve-log alert options payload, payload-printable, payload-length and
// packet: the data matched (base64 and printable), the whole frame; and ip_v.
TEST(SenseAlerts, PayloadOptionsAddThePacketToTheAlert) {
  auto config = std::filesystem::temp_directory_path() / ("rampart-payload-" + std::to_string(getpid()) + ".yaml");
  std::ofstream(config) << "outputs:\n  - eve-log:\n      enabled: yes\n      types:\n        - alert:\n"
                           "            payload: yes\n            payload-printable: yes\n"
                           "            payload-length: yes\n            packet: yes\n        - flow\n";
  auto run = run_sense(data_path("alert_session.pcap"),
                       "--workers 1 -c " + config.string() + " -S " + data_path("alert_rules/alert.rules"));
  std::filesystem::remove(config);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  bool seen = false;
  for (const auto& a : run.of_type("alert")) {
    if (a["alert"]["signature_id"] != 1000001) continue;
    seen = true;
    std::string printable = a["payload_printable"];
    EXPECT_TRUE(printable.starts_with("GET /admin.php")) << printable;
    EXPECT_NE(printable.find("\r\n"), std::string::npos) << printable;
    EXPECT_EQ(a["payload_length"], printable.size());
    EXPECT_EQ(a["stream"], 1);  // a tcp content rule matches the raw stream (here: the request's bytes)
    std::string payload = a["payload"];
    EXPECT_EQ(payload.size(), 4 * ((printable.size() + 2) / 3));
    EXPECT_EQ(payload.substr(0, 8), "R0VUIC9h");  // base64 of "GET /a"
    std::string packet = a["packet"];
    // The packet the alert is on: the client's FIN after the reply acknowledged the
    // request (Suricata's IDS mode), Ethernet, IPv4 and TCP headers and no payload.
    size_t frame = 14 + 20 + 20;
    EXPECT_EQ(packet.size(), 4 * ((frame + 2) / 3));
    EXPECT_EQ(a["packet_info"]["linktype"], 1);
    EXPECT_EQ(a["packet_info"]["linktype_name"], "EN10MB");
    EXPECT_EQ(a["ip_v"], 4);
  }
  EXPECT_TRUE(seen) << run.eve_text();
  for (const auto& f : run.of_type("flow")) EXPECT_EQ(f["ip_v"], 4);
}

// The tag keyword: the packets after the alert in its session, or to and from its
// host, become "packet" records, until the count (which includes the alerting
// packet) runs out; alert.tagged-packets: no keeps them out of the log.
TEST(SenseAlerts, TaggedPacketsAreLoggedAfterTheAlert) {
  auto dir = std::filesystem::temp_directory_path() / ("rampart-tag-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "tag.rules")
      << "alert tcp 192.168.7.10 any -> any any (msg:\"session\"; flags:S; tag:session,4,packets; sid:91;)\n"
         "alert tcp 203.0.113.50 any -> any any (msg:\"host\"; flags:S; tag:host,3,packets,dst; sid:92;)\n";
  std::ofstream(dir / "off.yaml") << "outputs:\n  - eve-log:\n      types:\n        - alert:\n"
                                     "            tagged-packets: no\n";
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + (dir / "tag.rules").string());
  auto quiet = run_sense(data_path("alert_session.pcap"),
                         "--workers 1 -c " + (dir / "off.yaml").string() + " -S " + (dir / "tag.rules").string());
  std::filesystem::remove_all(dir);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::vector<uint64_t> tagged;
  for (const auto& p : run.of_type("packet")) {
    tagged.push_back(p["pcap_cnt"].get<uint64_t>());
    EXPECT_FALSE(p["packet"].get<std::string>().empty());
    EXPECT_EQ(p["packet_info"]["linktype"], 1);
  }
  EXPECT_EQ(tagged, (std::vector<uint64_t>{2, 3, 4, 10, 11})) << run.eve_text();
  EXPECT_EQ(run.of_type("alert").size(), 2u);
  ASSERT_EQ(quiet.exit_code, 0) << quiet.stderr_text;
  EXPECT_TRUE(quiet.of_type("packet").empty());
  EXPECT_EQ(quiet.of_type("alert").size(), 2u);
}

TEST(SenseAlerts, TransactionAlertsCarryTheProtocolRecord) {
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + data_path("alert_rules/alert.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  int seen = 0;
  for (const auto& a : run.of_type("alert")) {
    auto sid = a["alert"]["signature_id"];
    if (sid == 1000004) {
      EXPECT_EQ(a["http"]["url"], "/admin.php?cmd=whoami");
      EXPECT_EQ(a["tx_id"], 0);
      ++seen;
    }
    if (sid == 1000006) {
      EXPECT_EQ(a["dns"]["queries"][0]["rrname"], "www.evil.example.net");
      ++seen;
    }
  }
  EXPECT_EQ(seen, 2) << run.eve_text();
}

TEST(SenseAlerts, FlowRecordSaysAlerted) {
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + data_path("alert_rules/alert.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  int alerted = 0;
  for (const auto& f : run.of_type("flow"))
    if (f["flow"]["alerted"] == true) ++alerted;
  EXPECT_EQ(alerted, 4) << run.eve_text();  // the two TCP sessions, DNS and ICMP
}

// Suricata 8's flow.tx_cnt: the transactions of the flow's protocol, absent without.
TEST(SenseAlerts, FlowRecordCountsTransactions) {
  auto run = run_sense(data_path("alert_session.pcap"), "--workers 1");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::map<std::string, uint64_t> by_proto;
  for (const auto& f : run.of_type("flow")) {
    std::string proto = f.value("app_proto", std::string(f["proto"]));
    if (f["flow"].contains("tx_cnt")) by_proto[proto] += f["flow"]["tx_cnt"].get<uint64_t>();
    else by_proto[proto] += 0;
  }
  EXPECT_EQ(by_proto["http"], 2u) << run.eve_text();  // one request in each of two sessions
  EXPECT_EQ(by_proto["dns"], 1u);                     // the query (no response)
  EXPECT_EQ(by_proto["ICMP"], 0u);
}

TEST(SenseAlerts, InitErrorsFatalStopsOnABadRule) {
  auto run = run_sense(data_path("alert_session.pcap"),
                       "--workers 1 --init-errors-fatal -S " + data_path("alert_rules/alert.rules"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_TRUE(run.of_type("alert").empty());
}

TEST(SenseAlerts, SameAlertsWithSeveralWorkers) {
  auto one = run_sense(data_path("alert_session.pcap"), "--workers 1 -S " + data_path("alert_rules/alert.rules"));
  auto four = run_sense(data_path("alert_session.pcap"), "--workers 4 -S " + data_path("alert_rules/alert.rules"));
  ASSERT_EQ(four.exit_code, 0) << four.stderr_text;
  EXPECT_EQ(alerts_by_sid(one), alerts_by_sid(four));
}

}  // namespace
}  // namespace rampart::testing
