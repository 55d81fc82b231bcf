// End to end over suricata-verify captures, with each test's own rules: rules
// without a direction alert once per side of SSH, TLS and ftp-data transactions,
// and app-layer events of DNS and FTP transactions carry their transaction.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;

// The run over a suricata-verify test's pcap and rules; nullopt without the data.
std::optional<SenseRun> run_verify_test(const std::string& test, const std::string& pcap = "input.pcap",
                                        const std::string& rules = "test.rules", const std::string& args = "") {
  auto dir = verify_dir(test);
  if (!std::filesystem::exists(dir / pcap)) return std::nullopt;
  return run_sense((dir / pcap).string(),
                   "--workers 1 -k none --init-errors-fatal -S " + (dir / rules).string() + " " + args);
}

std::vector<json> alerts_of(const SenseRun& run, int sid) {
  std::vector<json> out;
  for (const auto& a : run.of_type("alert"))
    if (a["alert"].value("signature_id", 0) == sid) out.push_back(a);
  return out;
}

TEST(TransactionSides, SshSoftwareAlertsOncePerSide) {
  auto run = run_verify_test("ssh-banner-only");
  if (!run) GTEST_SKIP() << "no shared conformance data";
  ASSERT_EQ(run->exit_code, 0) << run->stderr_text;
  auto software = alerts_of(*run, 1);
  ASSERT_EQ(software.size(), 2u) << run->eve_text();
  EXPECT_EQ(software[0]["direction"], "to_server");
  EXPECT_EQ(software[1]["direction"], "to_client");
  EXPECT_EQ(software[1]["src_port"], 22);
}

TEST(TransactionSides, FtpDataFileDataIsOnTheSideTheFileWent) {
  // Active mode: the FTP server connects to the client, so the file goes to_server.
  auto active = run_verify_test("ftp/ftp-download-active");
  if (!active) GTEST_SKIP() << "no shared conformance data";
  EXPECT_TRUE(alerts_of(*active, 20).empty()) << "flow:to_client; file_data";
  EXPECT_EQ(alerts_of(*active, 30).size(), 1u) << "flow:to_server; file_data";
  EXPECT_EQ(alerts_of(*active, 40).size(), 1u) << "no direction";
  auto passive = run_verify_test("ftp/ftp-download-passive", "input.pcap", "../ftp-download-active/test.rules");
  ASSERT_TRUE(passive);
  ASSERT_EQ(passive->exit_code, 0) << passive->stderr_text;
  EXPECT_EQ(alerts_of(*passive, 20).size(), 1u);
  EXPECT_TRUE(alerts_of(*passive, 30).empty());
}

TEST(TransactionSides, ClientCertificateSeenToTheServer) {
  auto run = run_verify_test("tls/tls-client-cert-01", "../tls-store-02/tls-client-auth.pcap", "tls.rules");
  if (!run) GTEST_SKIP() << "no shared conformance data";
  auto alerts = alerts_of(*run, 1);
  ASSERT_EQ(alerts.size(), 1u) << run->eve_text();
  EXPECT_EQ(alerts[0]["direction"], "to_server");
}

TEST(TransactionSides, SslVersionOncePerSideOfEachSession) {
  auto run = run_verify_test("ssl_version_negated");
  if (!run) GTEST_SKIP() << "no shared conformance data";
  ASSERT_EQ(run->exit_code, 0) << run->stderr_text;
  for (int sid : {1, 2, 3, 5}) EXPECT_EQ(alerts_of(*run, sid).size(), 12u) << sid;
  EXPECT_TRUE(alerts_of(*run, 4).empty());
}

TEST(TransactionEvents, DnsEventAlertsCarryTheMessage) {
  auto run = run_verify_test("dns/dns-z-bit", "input.pcap", "dns-events.rules");
  if (!run) GTEST_SKIP() << "no shared conformance data";
  auto alerts = alerts_of(*run, 2240006);
  ASSERT_EQ(alerts.size(), 1u) << run->eve_text();
  EXPECT_EQ(alerts[0]["tx_id"], 0);
  EXPECT_EQ(alerts[0]["dns"]["z"], true);
  EXPECT_EQ(alerts[0]["dns"]["type"], "request");
  size_t with_tx = 0;
  for (const auto& a : run->of_type("anomaly")) with_tx += a.contains("tx_id") ? 1 : 0;
  EXPECT_EQ(with_tx, 1u);
}

TEST(TransactionEvents, FtpEventAlertsCarryTheCommand) {
  auto run = run_verify_test("ftp/ftp-too-long-command", "ftp-too-long-command.pcap", "ftp-events.rules");
  if (!run) GTEST_SKIP() << "no shared conformance data";
  auto alerts = alerts_of(*run, 2232000);
  ASSERT_EQ(alerts.size(), 1u) << run->eve_text();
  EXPECT_EQ(alerts[0]["ftp"]["command"], "RETR");
}

}  // namespace
}  // namespace rampart::testing
