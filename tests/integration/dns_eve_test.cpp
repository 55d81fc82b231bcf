// End to end: DNS records from `rampart sense` over generated captures
// (tests/tools/make_dns_pcaps.py) and a suricata-verify capture.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

std::vector<nlohmann::json> of_dns_type(const SenseRun& run, const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const auto& e : run.of_type("dns"))
    if (e["dns"]["type"] == type) out.push_back(e);
  return out;
}

TEST(DnsEve, UdpRequestsAndResponses) {
  auto run = run_sense(data_path("dns_udp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto requests = of_dns_type(run, "request");
  auto responses = of_dns_type(run, "response");
  ASSERT_EQ(requests.size(), 2u);
  ASSERT_EQ(responses.size(), 3u);
  EXPECT_EQ(requests[0]["src_ip"], "10.16.1.11");
  EXPECT_EQ(requests[0]["dest_port"], 53);
  EXPECT_EQ(requests[0]["dns"]["queries"][0]["rrname"], "www.example.com");
  EXPECT_EQ(requests[0]["dns"]["tx_id"], 0);
  // Responses are logged from the packet's point of view.
  EXPECT_EQ(responses[0]["src_ip"], "10.16.1.1");
  EXPECT_EQ(responses[0]["src_port"], 53);
  EXPECT_EQ(responses[0]["dns"]["tx_id"], 1);
  EXPECT_EQ(responses[0]["dns"]["answers"][0]["rdata"], "93.184.216.34");
  EXPECT_EQ(responses[0]["dns"]["grouped"]["A"][0], "93.184.216.34");
  EXPECT_EQ(responses[1]["dns"]["answers"][0]["rdata"], "hello");
  EXPECT_EQ(responses[1]["dns"]["answers"][1]["rdata"], "");
  for (const auto& f : run.of_type("flow")) {
    if (f["src_port"] != 40001) {
      EXPECT_EQ(f["app_proto"], "dns");
    }
  }
  // The lone response: its flow is reversed so that the client is the source.
  EXPECT_EQ(responses[2]["src_ip"], "10.16.1.1");
  int reversed = 0;
  for (const auto& f : run.of_type("flow"))
    if (f["src_port"] == 51000 && f["src_ip"] == "10.16.1.11" && f["dest_port"] == 53) ++reversed;
  EXPECT_EQ(reversed, 1) << run.eve_text();
}

TEST(DnsEve, TcpMessagesAcrossSegments) {
  auto run = run_sense(data_path("dns_tcp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto requests = of_dns_type(run, "request");
  auto responses = of_dns_type(run, "response");
  ASSERT_EQ(requests.size(), 2u);
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(requests[1]["dns"]["queries"][0]["rrtype"], "AAAA");
  EXPECT_EQ(responses[0]["dns"]["answers"][0]["rdata"], "192.0.2.1");
  EXPECT_EQ(responses[1]["dns"]["answers"][0]["rdata"], "0000:0000:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(responses[1]["dns"]["tx_id"], 3);
}

TEST(DnsEve, SuricataVerifyUdpTxt) {
  auto dir = shared_dir() / "conformance/suricata-verify/tests/dns/dns-udp-eve-txt";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense((dir / "input.pcap").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto requests = of_dns_type(run, "request");
  auto responses = of_dns_type(run, "response");
  ASSERT_EQ(requests.size(), 2u);
  ASSERT_EQ(responses.size(), 2u);
  for (const auto& r : responses) {
    EXPECT_EQ(r["dns"]["version"], 3);
    EXPECT_EQ(r["dns"]["flags"], "8180");
    EXPECT_EQ(r["dns"]["rcode"], "NOERROR");
    if (r["pcap_cnt"] == 2) {
      EXPECT_EQ(r["dns"]["answers"][0]["rdata"], "v=spf1 include:_spf.google.com ~all");
      EXPECT_EQ(r["dns"]["answers"][0]["ttl"], 3217);
      EXPECT_EQ(r["dns"]["grouped"]["TXT"][0], "v=spf1 include:_spf.google.com ~all");
    } else {
      EXPECT_EQ(r["dns"]["answers"][0]["rdata"], "34.197.178.240");
      EXPECT_EQ(r["dns"]["id"], 39372);
    }
  }
  for (const auto& q : requests) EXPECT_EQ(q["dns"]["tx_id"], 0);
}

// The requests of this capture carry bad UDP checksums (offloading); Suricata
// parses them all the same.
TEST(DnsEve, SuricataVerifyDatagramsWithBadChecksumsAreParsed) {
  auto dir = verify_dir("dns/dns-eve");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense((dir / "input.pcap").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(of_dns_type(run, "request").size(), 4u);
  EXPECT_EQ(of_dns_type(run, "response").size(), 4u);
}

TEST(DnsEve, SuricataVerifyVersion2FromTheEnvironment) {
  auto dir = verify_dir("cond-log-dns-dig");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared conformance data";
  ::setenv("SURICATA_EVE_DNS_VERSION", "2", 1);
  auto run = run_sense((dir / "input.pcap").string());
  ::unsetenv("SURICATA_EVE_DNS_VERSION");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto queries = of_dns_type(run, "query");
  auto answers = of_dns_type(run, "answer");
  ASSERT_EQ(queries.size(), 1u);
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(queries[0]["dns"]["rrname"], "www.suricata-ids.org");
  EXPECT_EQ(queries[0]["dns"]["version"], 2);
  // Answers are headed by the flow: the client is the source.
  EXPECT_EQ(answers[0]["src_ip"], "10.16.1.11");
  EXPECT_EQ(answers[0]["dest_port"], 53);
  EXPECT_EQ(answers[0]["dns"]["answers"][0]["rrtype"], "CNAME");
  EXPECT_EQ(answers[0]["dns"]["grouped"]["A"].size(), 2u);
}

TEST(DnsEve, ConfiguredToLogResponsesOnly) {
  auto dir = verify_dir("dns/dns-eve");
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared conformance data";
  auto config = std::filesystem::temp_directory_path() / ("rampart-dns-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(config) << "outputs:\n  - eve-log:\n      types:\n        - dns:\n            requests: no\n";
  auto run = run_sense((dir / "input.pcap").string(), "--workers 1 -c " + config.string());
  std::filesystem::remove(config);
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_EQ(of_dns_type(run, "request").size(), 0u);
  EXPECT_EQ(of_dns_type(run, "response").size(), 4u);
}

}  // namespace
}  // namespace rampart::testing
