// End to end: "ftp" records from `rampart sense` over the captures of
// tests/tools/make_smtp_ftp_pcaps.py and over suricata-verify's FTP captures,
// checked against their test.yaml expectations.
#include <gtest/gtest.h>

#include <filesystem>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;

std::vector<json> records_from_port(const SenseRun& run, const std::string& type, int dest_port) {
  std::vector<json> out;
  for (const auto& r : run.of_type(type))
    if (r.value("dest_port", 0) == dest_port) out.push_back(r);
  return out;
}

std::vector<json> with_command(const std::vector<json>& records, const std::string& command) {
  std::vector<json> out;
  for (const auto& r : records)
    if (r["ftp"].value("command", "") == command) out.push_back(r);
  return out;
}

TEST(FtpEve, CommandsRepliesAndDataPorts) {
  auto run = run_sense(data_path("ftp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = records_from_port(run, "ftp", 21);
  ASSERT_EQ(records.size(), 7u) << run.eve_text();  // the greeting and six commands
  EXPECT_EQ(records[0]["ftp"]["completion_code"], json{"220"});
  EXPECT_EQ(records[0]["src_ip"], "192.168.9.10") << "records head with the client";
  auto pass = with_command(records, "PASS");
  ASSERT_EQ(pass.size(), 1u);
  EXPECT_EQ(pass[0]["ftp"]["command_data"], "guest@");
  EXPECT_EQ(pass[0]["ftp"]["reply"], (json{"Welcome to the", " plant archive.", "Login successful."}));
  EXPECT_EQ(pass[0]["ftp"]["completion_code"], (json{"230", "230"}));
  auto pasv = with_command(records, "PASV");
  ASSERT_EQ(pasv.size(), 1u);
  EXPECT_EQ(pasv[0]["ftp"]["dynamic_port"], 156 * 256 + 64);
  EXPECT_EQ(pasv[0]["ftp"]["mode"], "passive");
  auto retr = with_command(records, "RETR");
  ASSERT_EQ(retr.size(), 1u);
  EXPECT_EQ(retr[0]["ftp"]["completion_code"], (json{"150", "226"}));
  EXPECT_EQ(retr[0]["ftp"]["reply_received"], "yes");
  auto eprt = with_command(records, "EPRT");
  ASSERT_EQ(eprt.size(), 1u);
  EXPECT_EQ(eprt[0]["ftp"]["dynamic_port"], 40001);
  EXPECT_EQ(eprt[0]["ftp"]["mode"], "active");
  auto flows = records_from_port(run, "flow", 21);
  ASSERT_FALSE(flows.empty());
  EXPECT_EQ(flows[0]["app_proto"], "ftp");
}

TEST(FtpEve, FoundByContentOnAnotherPort) {
  auto run = run_sense(data_path("ftp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = records_from_port(run, "ftp", 2121);
  ASSERT_EQ(records.size(), 3u) << run.eve_text();
  auto port = with_command(records, "PORT");
  ASSERT_EQ(port.size(), 1u);
  EXPECT_EQ(port[0]["ftp"]["completion_code"], json{"500"});
  EXPECT_FALSE(port[0]["ftp"].contains("dynamic_port")) << "the server refused it";
}

TEST(FtpEve, DisabledByConfiguration) {
  auto run = run_sense(data_path("ftp.pcap"), "--workers 1 --set app-layer.protocols.ftp.enabled=no");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_TRUE(run.of_type("ftp").empty());
}

// suricata-verify's output-eve-ftp/test.yaml over bug-3519/input.pcap.
TEST(FtpEve, SuricataVerifyOutput) {
  auto pcap = verify_dir("bug-3519") / "input.pcap";
  if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense(pcap.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("ftp");
  ASSERT_EQ(records.size(), 8u) << run.eve_text();
  EXPECT_EQ(with_command(records, "PORT").size(), 2u);
  auto pass = with_command(records, "PASS");
  ASSERT_EQ(pass.size(), 1u);
  EXPECT_EQ(pass[0]["ftp"]["command_data"], "anonymous");
  EXPECT_EQ(pass[0]["ftp"]["reply"], json{"Login successful."});
  EXPECT_EQ(pass[0]["ftp"]["completion_code"], json{"230"});
  auto nlst = with_command(records, "NLST");
  ASSERT_EQ(nlst.size(), 1u);
  EXPECT_EQ(nlst[0]["ftp"]["reply"], (json{"Here comes the directory listing.", "Directory send OK."}));
}

// suricata-verify's ftp-epsv/test.yaml.
TEST(FtpEve, SuricataVerifyEpsv) {
  auto pcap = verify_dir("ftp-epsv") / "input.pcap";
  if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense(pcap.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  size_t matching = 0;
  for (const auto& r : with_command(run.of_type("ftp"), "EPSV"))
    if (r["ftp"].value("dynamic_port", 0) == 58612) ++matching;
  EXPECT_EQ(matching, 1u) << run.eve_text();
}

// suricata-verify's ftp/ftp-too-long-command/test.yaml.
TEST(FtpEve, SuricataVerifyTooLongCommand) {
  auto pcap = verify_dir("ftp/ftp-too-long-command") / "ftp-too-long-command.pcap";
  if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense(pcap.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto retr = with_command(run.of_type("ftp"), "RETR");
  ASSERT_EQ(retr.size(), 2u) << run.eve_text();
  EXPECT_EQ(retr[0]["ftp"]["command_data"].get<std::string>().size(), 4091u);
  EXPECT_EQ(retr[0]["ftp"]["command_truncated"], true);
  EXPECT_EQ(retr[1]["ftp"]["command_data"], "index.html");
  size_t too_long = 0;
  for (const auto& a : run.of_type("anomaly"))
    if (a["anomaly"].value("event", "") == "request_command_too_long") ++too_long;
  EXPECT_EQ(too_long, 1u);
}

}  // namespace
}  // namespace rampart::testing
