// End to end: FTP data channels followed from the control connection's
// announcements (tests/tools/make_ftp_data_pcaps.py), their ftp_data records and
// alerts, the bounce, and the expectation counters of the stats record; then
// suricata-verify's active and passive download captures.
#include <gtest/gtest.h>

#include <filesystem>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;

SenseRun run_with_rules(const std::string& pcap, const std::string& rules) {
  return run_sense(pcap, "--workers 1 --init-errors-fatal -S " + rules);
}

std::vector<json> alerts_of(const SenseRun& run, int sid) {
  std::vector<json> out;
  for (const auto& a : run.of_type("alert"))
    if (a["alert"].value("signature_id", 0) == sid) out.push_back(a);
  return out;
}

TEST(FtpDataEve, DataChannelsOfPassiveAndActiveTransfers) {
  auto run = run_with_rules(data_path("ftp_data.pcap"), data_path("ftp_data_rules/ftp_data.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("ftp_data");
  ASSERT_EQ(records.size(), 2u) << run.eve_text();
  const json& download = records[0]["ftp_data"]["command"] == "RETR" ? records[0] : records[1];
  const json& upload = records[0]["ftp_data"]["command"] == "RETR" ? records[1] : records[0];
  EXPECT_EQ(download["ftp_data"], (json{{"filename", "setpoints.csv"}, {"command", "RETR"}}));
  EXPECT_EQ(download["src_ip"], "192.168.9.10") << "passive: the client connected";
  EXPECT_EQ(download["dest_port"], 50000);
  EXPECT_EQ(upload["ftp_data"], (json{{"filename", "report.txt"}, {"command", "STOR"}}));
  EXPECT_EQ(upload["src_ip"], "10.9.0.21") << "active: the server connected";
  EXPECT_EQ(upload["src_port"], 20);
  EXPECT_EQ(upload["dest_port"], 42049);
  size_t data_flows = 0;
  for (const auto& f : run.of_type("flow"))
    if (f.value("app_proto", "") == "ftp-data") ++data_flows;
  EXPECT_EQ(data_flows, 2u);
}

TEST(FtpDataEve, RulesOnDataChannelsAndTheBounce) {
  auto run = run_with_rules(data_path("ftp_data.pcap"), data_path("ftp_data_rules/ftp_data.rules"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto retr = alerts_of(run, 1);
  ASSERT_EQ(retr.size(), 1u) << run.eve_text();
  EXPECT_EQ(retr[0]["app_proto"], "ftp-data");
  EXPECT_EQ(retr[0]["ftp_data"]["filename"], "setpoints.csv");
  // ftpdata_command holds on both sides, as Suricata registers it: a rule without a
  // direction alerts once per side.
  auto stor = alerts_of(run, 2);
  ASSERT_EQ(stor.size(), 2u);
  EXPECT_EQ(stor[0]["ftp_data"]["command"], "STOR");
  EXPECT_NE(stor[0]["direction"], stor[1]["direction"]);
  auto bounce = alerts_of(run, 3);
  ASSERT_EQ(bounce.size(), 1u) << "only the PORT naming 10.9.0.99";
  EXPECT_EQ(bounce[0]["app_proto"], "ftp");
  EXPECT_EQ(bounce[0]["ftp"]["command_data"], "10,9,0,99,0,80");
  EXPECT_TRUE(alerts_of(run, 9).empty());
}

// The files of RETR and STOR: fileinfo records headed by their sender (the
// server of a download, the client of an upload), hashed and stored by file-store.
TEST(FtpDataEve, TransferredFilesAreLoggedAndStored) {
  auto run = run_sense(data_path("ftp_data.pcap"),
                       "--workers 1 --set outputs.1.file-store.enabled=yes "
                       "--set outputs.1.file-store.force-filestore=yes");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto files = run.of_type("fileinfo");
  ASSERT_EQ(files.size(), 2u) << run.eve_text();
  const json& down = files[0]["fileinfo"]["filename"] == "setpoints.csv" ? files[0] : files[1];
  const json& up = files[0]["fileinfo"]["filename"] == "setpoints.csv" ? files[1] : files[0];
  const std::string down_sha = "8d7c7104b28d8f48e58db017a8c822ef9ef37d1f2ce009dbd0e15f3fc4c4fb2e";
  EXPECT_EQ(down["app_proto"], "ftp-data");
  EXPECT_EQ(down["src_ip"], "10.9.0.21");
  EXPECT_EQ(down["src_port"], 50000);
  EXPECT_EQ(down["fileinfo"], (json{{"filename", "setpoints.csv"},
                                    {"gaps", false},
                                    {"state", "CLOSED"},
                                    {"sha256", down_sha},
                                    {"stored", true},
                                    {"size", 36},
                                    {"tx_id", 0}}));
  EXPECT_EQ(up["fileinfo"]["filename"], "report.txt");
  EXPECT_EQ(up["src_ip"], "192.168.9.10") << "active: the client sends from the port it offered";
  EXPECT_EQ(up["src_port"], 42049);
  EXPECT_EQ(up["fileinfo"]["size"], 32);
  EXPECT_EQ(up["fileinfo"]["stored"], true);
  EXPECT_TRUE(std::filesystem::exists(run.log_dir / "filestore" / down_sha.substr(0, 2) / down_sha));
}

TEST(FtpDataEve, StatsCountTheExpectations) {
  auto run = run_sense(data_path("ftp_data.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto stats = run.of_type("stats");
  ASSERT_FALSE(stats.empty()) << run.eve_text();
  const json& app_layer = stats.back()["stats"]["app_layer"];
  EXPECT_EQ(app_layer["expectations"], 3) << app_layer.dump();  // PASV, PORT and the bounce's PORT
  EXPECT_EQ(app_layer["flow"]["ftp_data"], 2);
  EXPECT_NE(run.stderr_text.find("3 announced, 2 taken, 0 refused (table full), 0 expired"), std::string::npos)
      << run.stderr_text;
}

TEST(FtpDataEve, DisablingFtpDataLeavesTheDataFlowsToProbing) {
  auto run = run_sense(data_path("ftp_data.pcap"), "--workers 1 --set app-layer.protocols.ftp-data.enabled=no");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_TRUE(run.of_type("ftp_data").empty());
  EXPECT_FALSE(run.of_type("ftp").empty());
}

// suricata-verify's ftp/ftp-download-{active,passive}: the ftp_data record's
// addresses follow the data connection.
TEST(FtpDataEve, SuricataVerifyDownloads) {
  const std::vector<std::pair<std::string, std::string>> tests = {{"ftp/ftp-download-active", "172.23.0.2"},
                                                                   {"ftp/ftp-download-passive", "172.23.0.3"}};
  for (const auto& [test, src] : tests) {
    auto pcap = verify_dir(test) / "input.pcap";
    if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
    auto run = run_sense(pcap.string());
    ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
    size_t retr = 0;
    for (const auto& r : run.of_type("ftp_data")) {
      if (r["ftp_data"].value("command", "") != "RETR") continue;
      ++retr;
      EXPECT_EQ(r["ftp_data"]["filename"], "index.html");
      EXPECT_EQ(r["src_ip"], src) << test;
    }
    EXPECT_EQ(retr, 1u) << test << "\n" << run.eve_text();
  }
}

}  // namespace
}  // namespace rampart::testing
