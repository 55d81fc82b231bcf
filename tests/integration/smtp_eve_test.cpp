// End to end: "smtp" records from `rampart sense` over the captures of
// tests/tools/make_smtp_ftp_pcaps.py and over suricata-verify's SMTP captures,
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

std::string app_proto_on_port(const SenseRun& run, int dest_port) {
  auto flows = records_from_port(run, "flow", dest_port);
  return flows.empty() ? std::string() : flows[0].value("app_proto", "");
}

TEST(SmtpEve, PipelinedMailsWithHeaders) {
  auto run = run_sense(data_path("smtp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto mails = records_from_port(run, "smtp", 25);
  // Two mails, and the QUIT after them: a transaction of its own with the HELO, as
  // in Suricata 8.0 before 8.0.7.
  ASSERT_EQ(mails.size(), 3u) << run.eve_text();
  EXPECT_EQ(mails[2]["smtp"], (json{{"helo", "ws1.example.com"}}));
  const auto& first = mails[0];
  EXPECT_EQ(first["src_ip"], "192.168.9.10");
  EXPECT_EQ(first["smtp"]["helo"], "ws1.example.com");
  EXPECT_EQ(first["smtp"]["mail_from"], "<alice@example.com>");
  EXPECT_EQ(first["smtp"]["rcpt_to"], (json{"<bob@example.org>", "<ops@example.org>"}));
  const auto& email = first["email"];
  EXPECT_EQ(email["status"], "PARSE_DONE");
  EXPECT_EQ(email["from"], "Alice <alice@example.com>");
  EXPECT_EQ(email["to"], (json{"Bob <bob@example.org>", "\"Ops, Team\" <ops@example.org>"}));
  EXPECT_EQ(email["cc"], json{"carol@example.net"});
  EXPECT_EQ(email["subject"], "Pump station 4 maintenance");
  EXPECT_EQ(email["message_id"], "<20261126050000.1@example.com>");
  EXPECT_EQ(email["x_mailer"], "rampart-test 1.0");
  EXPECT_EQ(email["received"].size(), 1u);
  EXPECT_EQ(mails[1]["smtp"]["rcpt_to"], json{"<carol@example.net>"});
  EXPECT_EQ(mails[1]["email"]["subject"], "second");
  EXPECT_NE(mails[0]["tx_id"], mails[1]["tx_id"]);
  EXPECT_EQ(app_proto_on_port(run, 25), "smtp");
}

TEST(SmtpEve, StartTlsSessionLoggedWithItsHeloThenParsedAsTls) {
  auto run = run_sense(data_path("smtp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = records_from_port(run, "smtp", 587);
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  EXPECT_EQ(records[0]["smtp"]["helo"], "laptop.example.com");
  EXPECT_FALSE(records[0].contains("email"));
  EXPECT_TRUE(records_from_port(run, "anomaly", 587).empty()) << "TLS bytes are not parsed as SMTP";
  auto tls = records_from_port(run, "tls", 587);
  ASSERT_EQ(tls.size(), 1u) << run.eve_text();
  EXPECT_EQ(tls[0]["tls"]["sni"], "relay.example.org");
  EXPECT_EQ(app_proto_on_port(run, 587), "tls");
}

TEST(SmtpEve, MimeAttachmentsAndUrls) {
  auto run = run_sense(data_path("smtp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = records_from_port(run, "smtp", 2526);
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  const auto& email = records[0]["email"];
  EXPECT_EQ(email["status"], "PARSE_DONE");
  EXPECT_EQ(email["subject"], "Setpoints");
  EXPECT_EQ(email["attachment"], json{"setpoints.csv"});
  EXPECT_EQ(email["url"], json{"portal.example.org/setpoints?id=4"});
  EXPECT_TRUE(records_from_port(run, "anomaly", 2526).empty()) << run.eve_text();
}

// file-store keeps attachments as it keeps HTTP files, under their SHA-256.
TEST(SmtpEve, AttachmentsAreStoredByFileStore) {
  auto run = run_sense(data_path("smtp.pcap"),
                       "--workers 1 --set outputs.1.file-store.enabled=yes "
                       "--set outputs.1.file-store.force-filestore=yes");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto files = records_from_port(run, "fileinfo", 2526);
  ASSERT_EQ(files.size(), 1u) << run.eve_text();
  const json& info = files[0]["fileinfo"];
  EXPECT_EQ(info["filename"], "setpoints.csv");
  EXPECT_EQ(info["stored"], true);
  const std::string sha256 = info.value("sha256", "");
  ASSERT_EQ(sha256.size(), 64u) << info.dump();
  EXPECT_TRUE(std::filesystem::exists(run.log_dir / "filestore" / sha256.substr(0, 2) / sha256));
}

TEST(SmtpEve, FoundByContentOnAnotherPort) {
  auto run = run_sense(data_path("smtp.pcap"));
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = records_from_port(run, "smtp", 2525);
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  EXPECT_EQ(records[0]["smtp"]["helo"], "box");
  EXPECT_EQ(records[0]["smtp"]["rcpt_to"], json{"<y@hidden.example.org>"});
  EXPECT_EQ(app_proto_on_port(run, 2525), "smtp");
}

TEST(SmtpEve, DisabledByConfiguration) {
  auto run = run_sense(data_path("smtp.pcap"), "--workers 1 --set app-layer.protocols.smtp.enabled=no");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  EXPECT_TRUE(run.of_type("smtp").empty());
}

// suricata-verify's smtp/test.yaml over bug-3616-smtp/input.pcap.
TEST(SmtpEve, SuricataVerifyEnvelope) {
  auto pcap = verify_dir("bug-3616-smtp") / "input.pcap";
  if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense(pcap.string());
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("smtp");
  ASSERT_EQ(records.size(), 2u) << run.eve_text();  // the mail, then the QUIT
  EXPECT_EQ(records[1]["tx_id"], 1);
  EXPECT_FALSE(records[1]["smtp"].contains("mail_from"));
  EXPECT_EQ(records[0]["smtp"]["mail_from"], "<gurpartap@patriots.in>");
  EXPECT_EQ(records[0]["smtp"]["rcpt_to"][0], "<raj_deol2002in@yahoo.co.in>");
}

// suricata-verify's smtp-startssl/test.yaml.
TEST(SmtpEve, SuricataVerifyStartTls) {
  auto pcap = verify_dir("smtp-startssl") / "input.pcap";
  if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense(pcap.string(), "--workers 1 -k none");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  auto records = run.of_type("smtp");
  ASSERT_EQ(records.size(), 1u) << run.eve_text();
  EXPECT_EQ(records[0]["smtp"]["helo"], "desktop.unx.ca");
  EXPECT_FALSE(records[0].contains("email"));
}

// suricata-verify's smtp-to-comma/test.yaml.
TEST(SmtpEve, SuricataVerifyQuotedComma) {
  auto pcap = verify_dir("smtp-to-comma") / "10.7.29.101_49898-178.63.41.150_25.pcap";
  if (!std::filesystem::exists(pcap)) GTEST_SKIP() << "no shared conformance data";
  auto run = run_sense(pcap.string(), "--workers 1 -k none");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::vector<json> mails;
  for (const auto& r : run.of_type("smtp"))
    if (r.contains("email") && r["email"].contains("cc")) mails.push_back(r);
  ASSERT_EQ(mails.size(), 1u) << run.eve_text();
  EXPECT_EQ(mails[0]["email"]["cc"][0], "\"jam,abrakadabra.ch\" <mirjam@abrakadabra.ch>");
  EXPECT_FALSE(mails[0]["email"].contains("to")) << "empty fields are left out";
}

}  // namespace
}  // namespace rampart::testing
