// End to end: "tls" and "ssh" records from `rampart sense` over generated
// captures (tests/tools/make_tls_pcaps.py) and suricata-verify captures.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

std::map<std::string, std::string> expected_values() {
  std::map<std::string, std::string> out;
  std::ifstream in(data_path("tls_expected.txt"));
  for (std::string line; std::getline(in, line);)
    if (auto eq = line.find('='); eq != std::string::npos) out[line.substr(0, eq)] = line.substr(eq + 1);
  return out;
}

std::string app_proto_of_flows(const SenseRun& run) {
  auto flows = run.of_type("flow");
  return flows.empty() ? std::string() : flows[0].value("app_proto", "");
}

TEST(TlsEve, Tls12Handshake) {
  auto expected = expected_values();
  auto run = run_sense(data_path("tls12.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("tls");
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  const auto& r = records[0];
  EXPECT_EQ(r["src_ip"], "10.20.0.2");
  EXPECT_EQ(r["dest_port"], 443);
  const auto& tls = r["tls"];
  EXPECT_EQ(tls["version"], "TLS 1.2");
  EXPECT_EQ(tls["sni"], expected["tls12.sni"]);
  EXPECT_EQ(tls["subject"], expected["cert.subject"]);
  EXPECT_EQ(tls["issuerdn"], expected["cert.issuerdn"]);
  EXPECT_EQ(tls["serial"], expected["cert.serial"]);
  EXPECT_EQ(tls["fingerprint"], expected["cert.fingerprint"]);
  EXPECT_EQ(tls["notbefore"], expected["cert.notbefore"]);
  EXPECT_EQ(tls["notafter"], expected["cert.notafter"]);
  EXPECT_EQ(tls["ja3"]["hash"], expected["tls12.ja3.hash"]);
  EXPECT_EQ(tls["ja3s"]["hash"], expected["tls12.ja3s.hash"]);
  EXPECT_EQ(tls["ja4"], expected["tls12.ja4"]);
  EXPECT_EQ(app_proto_of_flows(run), "tls");
}

TEST(TlsEve, Tls13OnAnotherPort) {
  auto run = run_sense(data_path("tls13.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("tls");
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  EXPECT_EQ(records[0]["tls"]["version"], "TLS 1.3");
  EXPECT_EQ(records[0]["tls"]["ja4"], expected_values()["tls13.ja4"]);
}

TEST(SshEve, BannersAndHassh) {
  auto expected = expected_values();
  auto run = run_sense(data_path("ssh.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("ssh");
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  const auto& ssh = records[0]["ssh"];
  EXPECT_EQ(records[0]["dest_port"], 22);
  EXPECT_EQ(ssh["client"]["software_version"], "OpenSSH_8.9p1");
  EXPECT_EQ(ssh["server"]["proto_version"], "2.0");
  EXPECT_EQ(ssh["client"]["hassh"]["hash"], expected["ssh.client.hassh.hash"]);
  EXPECT_EQ(ssh["server"]["hassh"]["string"], expected["ssh.server.hassh.string"]);
  EXPECT_EQ(app_proto_of_flows(run), "ssh");
}

// app-layer.protocols.ssh.encryption-handling: bypass once both sides sent NEWKEYS
// leaves the flow in Suricata's local bypass; track-only (the default) and full do not.
TEST(SshEve, EncryptionHandlingBypass) {
  for (auto [mode, state] : {std::pair{"bypass", "bypassed"}, {"track-only", "closed"}, {"full", "closed"}}) {
    auto run = run_sense(data_path("ssh.pcap"),
                         std::string("--workers 1 --set app-layer.protocols.ssh.encryption-handling=") + mode);
    ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
    auto flows = run.of_type("flow");
    ASSERT_EQ(flows.size(), 1u) << run.eve_text();
    EXPECT_EQ(flows[0]["flow"]["state"], state) << mode;
    EXPECT_EQ(flows[0]["flow"].contains("bypass"), std::string(mode) == "bypass") << mode;
    EXPECT_EQ(run.of_type("ssh").size(), 1u) << mode;
  }
  EXPECT_NE(run_sense(data_path("ssh.pcap"), "--workers 1 --set app-layer.protocols.ssh.encryption-handling=default")
                .exit_code,
            0);
}

// The expectations of suricata-verify's tls/bug-7286-tls-metadata-01/test.yaml.
TEST(TlsEve, SuricataVerifyMetadata) {
  auto tests = shared_dir() / "conformance/suricata-verify/tests";
  if (!std::filesystem::exists(tests)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense((tests / "ja4-tls/input.pcap").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("tls");
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  const auto& tls = records[0]["tls"];
  EXPECT_EQ(tls["subject"], "C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS");
  EXPECT_EQ(tls["issuerdn"], "C=FR, ST=IDF, L=Paris, O=Stamus, CN=SELKS");
  EXPECT_EQ(tls["serial"], "00:97:E6:47:09:8E:EA:C9:B4");
  EXPECT_EQ(tls["fingerprint"], "3a:0b:3b:23:15:2c:44:5c:27:ac:6a:0c:41:d6:fa:74:af:b4:09:5b");
  EXPECT_EQ(tls["version"], "TLS 1.2");
  EXPECT_EQ(tls["notbefore"], "2015-02-12T18:07:27");
  EXPECT_EQ(tls["notafter"], "2025-02-09T18:07:27");
}

// suricata-verify's ssh-hassh-reassembled/test.yaml.
TEST(SshEve, SuricataVerifyHassh) {
  auto dir = shared_dir() / "conformance/suricata-verify/tests/ssh-hassh-reassembled";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense((dir / "input.pcap").string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("ssh");
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  EXPECT_EQ(records[0]["ssh"]["client"]["hassh"]["hash"], "3cc67862bceac0f334c62ad1b76895b4");
  EXPECT_EQ(records[0]["ssh"]["server"]["hassh"]["hash"], "3cc67862bceac0f334c62ad1b76895b4");
}

}  // namespace
}  // namespace rampart::testing
