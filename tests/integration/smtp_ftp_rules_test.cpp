// End to end: rules on the SMTP and FTP rule buffers and value keywords
// (smtp_ftp_rules/smtp_ftp.rules of tests/tools/make_smtp_ftp_pcaps.py) load
// with --init-errors-fatal and alert on the transactions of smtp.pcap and
// ftp.pcap that carry their values, and only on those; a value keyword with a value it does not know stops start-up.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "integration/run_sense.hpp"

namespace rampart::testing {
namespace {

std::map<uint64_t, int> alerts_by_sid(const SenseRun& run) {
  std::map<uint64_t, int> out;
  for (const auto& a : run.of_type("alert")) ++out[a["alert"]["signature_id"].get<uint64_t>()];
  return out;
}

SenseRun run_with_rules(const std::string& pcap) {
  return run_sense(data_path(pcap), "--workers 1 --init-errors-fatal -S " + data_path("smtp_ftp_rules/smtp_ftp.rules"));
}

TEST(SmtpFtpRules, SmtpAndEmailBuffersMatch) {
  auto run = run_with_rules("smtp.pcap");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  // Both mails on port 25 share the HELO and the sender (the QUIT's transaction the
  // HELO too); the header fields are the first mail's; the URL and the decoded
  // attachment (file.data, file.name) the MIME mail's.
  std::map<uint64_t, int> expected{{1001, 3}, {1002, 2}, {1003, 1}, {1004, 1}, {1005, 1}, {1006, 1}, {1007, 1},
                                   {1008, 1}, {1009, 1}, {1010, 1}, {1011, 1}, {1012, 1}, {1013, 1}, {1014, 1}};
  EXPECT_EQ(alerts_by_sid(run), expected) << run.eve_text();
  for (const auto& a : run.of_type("alert")) {
    EXPECT_EQ(a["app_proto"], "smtp");
    EXPECT_EQ(a["dest_port"], a["alert"]["signature_id"] >= 1012 ? 2526 : 25);
  }
}

TEST(SmtpFtpRules, FtpBuffersAndValueKeywordsMatch) {
  auto run = run_with_rules("ftp.pcap");
  ASSERT_EQ(run.exit_code, 0) << run.stderr_text;
  std::map<uint64_t, int> expected{{2001, 1}, {2002, 1}, {2003, 1}, {2004, 1}, {2005, 1},
                                   {2006, 1}, {2007, 1}, {2008, 1}, {2009, 1}, {2010, 2}};
  EXPECT_EQ(alerts_by_sid(run), expected) << run.eve_text();
  std::multiset<std::string> directions_2010;
  for (const auto& a : run.of_type("alert")) {
    if (a["alert"]["signature_id"] == 2006) {
      EXPECT_EQ(a["dest_port"], 2121) << "the refused PORT";
    }
    if (a["alert"]["signature_id"] == 2010) directions_2010.insert(a["direction"].get<std::string>());
  }
  EXPECT_EQ(directions_2010, (std::multiset<std::string>{"to_client", "to_server"}))
      << "a rule with no direction alerts once from each side of the transaction";
}

TEST(SmtpFtpRules, ValueKeywordsRejectUnknownValues) {
  auto run = run_sense(data_path("ftp.pcap"),
                       "--workers 1 --init-errors-fatal -S " + data_path("smtp_ftp_rules/bad_value.rules"));
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.stderr_text.find("sideways"), std::string::npos) << run.stderr_text;
  EXPECT_TRUE(run.of_type("alert").empty());
}

}  // namespace
}  // namespace rampart::testing
