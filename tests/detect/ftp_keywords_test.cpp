// ftpbounce and ftpdata_command: what they compile to, the values they refuse,
// and the transactions (FTP control, ftp-data) they match.
#include <gtest/gtest.h>

#include "detector_test_support.hpp"

namespace rampart::detect::testing {
namespace {

using Buffers = NamedBuffers;

std::vector<uint32_t> alerts_on(const std::vector<std::string>& rules, std::string_view app_proto, const Buffers& tx) {
  Detector d;
  EXPECT_TRUE(d.use(rule_set(rules)).has_value());
  FlowVars vars;
  auto p = packet("", "10.0.0.1", 40000, "10.0.0.2", 21);
  auto facts = flow_facts(p, vars);
  facts.app_proto = app_proto;
  std::vector<Alert> out;
  d.inspect_transaction(TransactionInput{nullptr, facts, 0, tx, {}}, out);
  return sids(out);
}

TEST(FtpKeywords, FtpbounceTiesTheRuleToFtp) {
  auto sig = parse_options("ftpbounce;");
  ASSERT_TRUE(sig.has_value()) << sig.error().detail;
  EXPECT_EQ(sig->app_protocol, "ftp");
  const auto& exact = match_at<ContentMatch>(*sig, "ftpbounce", 0);
  EXPECT_EQ(exact.pattern, "yes");
  EXPECT_TRUE(exact.startswith && exact.endswith);
  EXPECT_FALSE(parse("alert http any any -> any any (ftpbounce; sid:1;)").has_value());
}

TEST(FtpKeywords, FtpbounceRulesAreActiveAndMatchBounces) {
  std::vector<InactiveRule> inactive;
  rule_set({"alert tcp any any -> any any (msg:\"bounce\"; ftpbounce; sid:1;)"}, &inactive);
  EXPECT_TRUE(inactive.empty());
  const std::vector<std::string> rules = {"alert tcp any any -> any any (msg:\"bounce\"; ftpbounce; sid:1;)"};
  Buffers bounce;
  bounce.values = {{"ftpbounce", "yes"}};
  EXPECT_EQ(alerts_on(rules, "ftp", bounce), (std::vector<uint32_t>{1}));
  EXPECT_TRUE(alerts_on(rules, "ftp", Buffers{}).empty());
  EXPECT_TRUE(alerts_on(rules, "smtp", bounce).empty());
}

TEST(FtpKeywords, FtpdataCommandTakesRetrOrStor) {
  auto retr = parse("alert ftp-data any any -> any any (ftpdata_command:retr; sid:1;)");
  ASSERT_TRUE(retr.has_value()) << retr.error().detail;
  EXPECT_EQ(match_at<ContentMatch>(*retr, "ftpdata_command", 0).pattern, "RETR");
  auto stor = parse_options("ftpdata_command: STOR;");
  ASSERT_TRUE(stor.has_value()) << stor.error().detail;
  EXPECT_EQ(stor->app_protocol, "ftp-data");
  EXPECT_EQ(match_at<ContentMatch>(*stor, "ftpdata_command", 0).pattern, "STOR");
  auto list = parse_options("ftpdata_command:list;");
  ASSERT_FALSE(list.has_value());
  EXPECT_NE(list.error().detail.find("neither retr nor stor"), std::string::npos) << list.error().detail;
  EXPECT_FALSE(parse_options("ftpdata_command;").has_value());
  EXPECT_FALSE(parse("alert ftp any any -> any any (ftpdata_command:retr; sid:1;)").has_value());
}

TEST(FtpKeywords, FtpdataCommandMatchesTheDataChannelsCommand) {
  const std::vector<std::string> rules = {
      "alert ftp-data any any -> any any (msg:\"retr\"; flow:to_client; ftpdata_command:retr; sid:1;)",
      "alert ftp-data any any -> any any (msg:\"stor\"; ftpdata_command:stor; sid:2;)",
      "alert ftp-data any any -> any any (msg:\"data\"; ftpdata_command:retr; file_data; content:\"root\"; sid:3;)",
  };
  Buffers download;
  download.values = {{"ftpdata_command", "RETR"}, {"file.data", "root:x:0:0"}};
  EXPECT_EQ(alerts_on(rules, "ftp-data", download), (std::vector<uint32_t>{1, 3}));
  Buffers upload;
  upload.values = {{"ftpdata_command", "STOR"}, {"file.data", "report"}};
  EXPECT_EQ(alerts_on(rules, "ftp-data", upload), (std::vector<uint32_t>{2}));
  EXPECT_TRUE(alerts_on(rules, "ftp", download).empty());
}

}  // namespace
}  // namespace rampart::detect::testing
