// The FTP control-channel parser on conversations built here: one record per
// command and one for the greeting, multi-line and preliminary replies, the
// data ports of PASV/EPSV/PORT/EPRT, any split of the bytes, overlong lines and
// the cap on transactions waiting for a reply.
#include "proto/ftp/ftp_parser.hpp"

#include "buffer_capture.hpp"
#include "line_session.hpp"
#include "proto/ftp/ftp_ports.hpp"
#include "proto/ftp/ftp_protocol.hpp"
#include "tls_test_support.hpp"

namespace rampart::line_test {
namespace {

using nlohmann::json;
using tls_test::RecordingSink;
constexpr Direction C = Direction::ToServer, S = Direction::ToClient;

const Turns kSession = {
    {S, "220 (vsFTPd 3.0.3)\r\n"},
    {C, "USER anonymous\r\n"},
    {S, "331 Please specify the password.\r\n"},
    {C, "PASS secret\r\n"},
    {S, "230-Welcome\r\n to the server\r\n230 Login successful.\r\n"},
    {C, "PASV\r\n"},
    {S, "227 Entering Passive Mode (10,0,0,2,195,80).\r\n"},
    {C, "LIST\r\n"},
    {S, "150 Here comes the directory listing.\r\n226 Directory send OK.\r\n"},
    {C, "EPSV\r\n"},
    {S, "229 Entering Extended Passive Mode (|||58612|)\r\n"},
    {C, "PORT 10,0,0,1,4,1\r\n"},
    {S, "200 PORT command successful.\r\n"},
    {C, "eprt |1|10.0.0.1|34325|\r\n"},
    {S, "200 EPRT command successful.\r\n"},
    {C, "QUIT\r\n"},
    {S, "221 Goodbye.\r\n"},
};

RecordingSink run(const Turns& turns, size_t cut = 0, size_t piece = SIZE_MAX) {
  RecordingSink sink;
  auto parser = proto::ftp::make_ftp_parser(true);
  feed(*parser, turns, sink, cut, piece);
  parser->finish(sink);
  return sink;
}

TEST(FtpParser, OneRecordPerCommandAndTheGreeting) {
  auto sink = run(kSession);
  EXPECT_TRUE(sink.anomalies.empty());
  ASSERT_EQ(sink.records.size(), 9u);
  for (const auto& type : sink.types) EXPECT_EQ(type, "ftp");
  const auto& greeting = sink.records[0]["ftp"];
  EXPECT_FALSE(greeting.contains("command"));
  EXPECT_EQ(greeting["reply"], json{"(vsFTPd 3.0.3)"});
  EXPECT_EQ(greeting["completion_code"], json{"220"});
  EXPECT_EQ(greeting["reply_received"], "yes");
  const auto& user = sink.records[1]["ftp"];
  EXPECT_EQ(user["command"], "USER");
  EXPECT_EQ(user["command_data"], "anonymous");
  EXPECT_EQ(user["command_truncated"], false);
  EXPECT_EQ(user["reply_truncated"], false);
  const auto& pass = sink.records[2]["ftp"];
  EXPECT_EQ(pass["reply"], (json{"Welcome", " to the server", "Login successful."}));
  EXPECT_EQ(pass["completion_code"], (json{"230", "230"}));
  const auto& pasv = sink.records[3]["ftp"];
  EXPECT_EQ(pasv["dynamic_port"], 195 * 256 + 80);
  EXPECT_EQ(pasv["mode"], "passive");
  const auto& list = sink.records[4]["ftp"];
  EXPECT_EQ(list["reply"], (json{"Here comes the directory listing.", "Directory send OK."}));
  EXPECT_EQ(list["completion_code"], (json{"150", "226"}));
  EXPECT_FALSE(list.contains("command_data"));
  EXPECT_EQ(sink.records[5]["ftp"]["dynamic_port"], 58612);
  EXPECT_EQ(sink.records[6]["ftp"]["dynamic_port"], 4 * 256 + 1);
  EXPECT_EQ(sink.records[6]["ftp"]["mode"], "active");
  EXPECT_EQ(sink.records[7]["ftp"]["command"], "EPRT");
  EXPECT_EQ(sink.records[7]["ftp"]["dynamic_port"], 34325);
  EXPECT_EQ(sink.records[8]["ftp"]["command"], "QUIT");
}

TEST(FtpParser, SameRecordsWhereverTheBytesAreSplit) {
  auto whole = run(kSession).records;
  for (size_t cut = 1; cut < 50; ++cut) EXPECT_EQ(run(kSession, cut).records, whole) << cut;
  EXPECT_EQ(run(kSession, 0, 1).records, whole) << "byte by byte";
}

TEST(FtpParser, RuleBuffers) {
  buffer_test::BufferSink sink({"ftp.command", "ftp.command_data"});
  auto parser = proto::ftp::make_ftp_parser(true);
  feed(*parser, kSession, sink);
  ASSERT_EQ(sink.transactions.size(), 9u);
  using buffer_test::Values;
  EXPECT_EQ(sink.transactions[0]["ftp.command"], Values{}) << "the greeting has no command";
  EXPECT_EQ(sink.transactions[1]["ftp.command"], Values{"USER"});
  EXPECT_EQ(sink.transactions[1]["ftp.command_data"], Values{"anonymous"});
  EXPECT_EQ(sink.transactions[8]["ftp.command_data"], Values{});
}

TEST(FtpParser, CommandsReadBeforeTheGreeting) {
  auto sink = run({{C, "USER a\r\nPASS b\r\n"}, {S, "220 hi\r\n331 pw\r\n230 ok\r\n"}});
  ASSERT_EQ(sink.records.size(), 3u);
  EXPECT_EQ(sink.records[0]["ftp"]["completion_code"], json{"220"});
  EXPECT_EQ(sink.records[1]["ftp"]["completion_code"], json{"331"});
  EXPECT_EQ(sink.records[2]["ftp"]["command"], "PASS");
}

TEST(FtpParser, UnansweredCommandsAtTheEnd) {
  auto sink = run({{S, "220 hi\r\n"}, {C, "USER a\r\nRETR x\r\n"}, {S, "331 pw\r\n"}});
  ASSERT_EQ(sink.records.size(), 3u);
  EXPECT_EQ(sink.records[2]["ftp"]["command"], "RETR");
  EXPECT_EQ(sink.records[2]["ftp"]["reply_received"], "no");
  EXPECT_FALSE(sink.records[2]["ftp"].contains("reply"));
}

TEST(FtpParser, RefusedPortHasNoDynamicPort) {
  auto sink = run({{S, "220 hi\r\n"}, {C, "PORT 10,0,0,1,0,80\r\n"}, {S, "500 Illegal PORT command.\r\n"}});
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_FALSE(sink.records[1]["ftp"].contains("dynamic_port"));
  EXPECT_EQ(sink.records[1]["ftp"]["mode"], "active");
}

TEST(FtpParser, OverlongCommandIsTruncated) {
  auto sink = run({{S, "220 hi\r\n"}, {C, "RETR " + std::string(5000, 'x') + "\r\nRETR index.html\r\n"},
                   {S, "550 no\r\n150 ok\r\n226 done\r\n"}});
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"request_command_too_long"});
  ASSERT_EQ(sink.records.size(), 3u);
  EXPECT_EQ(sink.records[1]["ftp"]["command_data"].get<std::string>().size(), 4091u);
  EXPECT_EQ(sink.records[1]["ftp"]["command_truncated"], true);
  EXPECT_EQ(sink.records[2]["ftp"]["command_data"], "index.html");
  EXPECT_EQ(sink.records[2]["ftp"]["command_truncated"], false);
}

// As in Suricata, the too-long events belong to their transaction, numbered as it started.
TEST(FtpParser, OverlongLinesAreEventsOfTheirTransaction) {
  auto sink = run({{S, "220 hi\r\n"}, {C, "RETR " + std::string(5000, 'x') + "\r\n"}, {S, "550 " + std::string(5000, 'y') + "\r\n"}});
  ASSERT_EQ(sink.transaction_events.size(), 2u);
  const auto& request = sink.transaction_events[0];
  EXPECT_EQ(request.event, "request_command_too_long");
  EXPECT_EQ(request.tx_id, 1u);
  EXPECT_EQ(request.record["ftp"]["command"], "RETR");
  EXPECT_EQ(request.record["ftp"]["reply_received"], "no") << "the record as it was when the line came";
  EXPECT_EQ(sink.transaction_events[1].event, "response_command_too_long");
  EXPECT_EQ(sink.transaction_events[1].tx_id, 1u);
  EXPECT_EQ(sink.tx_ids, (std::vector<uint64_t>{0, 1}));
}

TEST(FtpParser, LineLengthFromTheSettings) {
  proto::AppLayerSettings settings;
  settings.ftp_max_line = 5120;
  proto::FlowContext context;
  context.settings = &settings;
  RecordingSink sink;
  auto parser = proto::ftp::make_ftp_parser(true);
  parser->attach(context);
  feed(*parser, {{S, "220 hi\r\n"}, {C, "RETR " + std::string(5000, 'x') + "\r\n"}, {S, "550 no\r\n"}}, sink);
  EXPECT_TRUE(sink.anomalies.empty());
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[1]["ftp"]["command_data"].get<std::string>().size(), 5000u);
  EXPECT_EQ(sink.records[1]["ftp"]["command_truncated"], false);
}

TEST(FtpParser, OverlongReplyIsTruncated) {
  auto sink = run({{S, "220 hi\r\n"}, {C, "PASV\r\n"}, {S, "227 " + std::string(5000, 'y') + "\r\n"}});
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"response_command_too_long"});
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[1]["ftp"]["reply_truncated"], true);
  EXPECT_FALSE(sink.records[1]["ftp"].contains("dynamic_port"));
}

TEST(FtpParser, TransactionsWaitingForRepliesAreCapped) {
  std::string commands;
  for (int i = 0; i < 300; ++i) commands += "NOOP\r\n";
  RecordingSink sink;
  auto parser = proto::ftp::make_ftp_parser(true);
  feed(*parser, {{S, "220 hi\r\n"}, {C, commands}}, sink);
  EXPECT_EQ(sink.anomalies.size(), 300u - 256u);
  EXPECT_EQ(sink.anomalies.front(), "too_many_transactions");
  EXPECT_EQ(sink.records.size(), 1u + 300u - 256u) << "the oldest are logged unanswered";
  parser->finish(sink);
  EXPECT_EQ(sink.records.size(), 301u);
}

TEST(FtpParser, GarbageNeverStopsTheFlow) {
  std::mt19937 rng(21);
  std::string session;
  for (const auto& [dir, text] : kSession) session += text;
  std::vector<uint8_t> bytes(session.begin(), session.end());
  for (int round = 0; round < 200; ++round) {
    auto mutated = buffer_test::mutated(bytes, rng);
    std::string text(mutated.begin(), mutated.end());
    auto sink = run({{C, text}, {S, text}});
    for (const auto& record : sink.records) EXPECT_TRUE(record["ftp"].contains("reply_received"));
  }
}

TEST(FtpPorts, MalformedArguments) {
  using namespace proto::ftp;
  EXPECT_EQ(port_of_host_port("Entering Passive Mode (1,2,3,4,0,21)"), 21);
  EXPECT_FALSE(port_of_host_port("(1,2,3,4,0)"));
  EXPECT_FALSE(port_of_host_port("(1,2,3,4,0,256)"));
  EXPECT_FALSE(port_of_host_port("1,2,3,4,5,6,7"));
  EXPECT_FALSE(port_of_host_port("no numbers"));
  EXPECT_EQ(port_of_eprt("!2!::1!8080!"), 8080);
  EXPECT_FALSE(port_of_eprt("|1|10.0.0.1|70000|"));
  EXPECT_FALSE(port_of_eprt("|1|10.0.0.1"));
  EXPECT_FALSE(port_of_eprt(""));
  EXPECT_EQ(port_of_epsv_reply("Entering Extended Passive Mode (|||6446|)"), 6446);
  EXPECT_FALSE(port_of_epsv_reply("(|||x|)"));
  EXPECT_FALSE(port_of_epsv_reply("(|||21"));
}

TEST(FtpProbe, EitherDirection) {
  auto probe = proto::ftp::ftp_protocol().probe;
  using proto::ProbeResult;
  EXPECT_EQ(probe(C, bytes_of("USER anonymous\r\n")), ProbeResult::Match);
  EXPECT_EQ(probe(C, bytes_of("US")), ProbeResult::NeedMore);
  EXPECT_EQ(probe(C, bytes_of("EHLO x\r\n")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(S, bytes_of("220 (vsFTPd 3.0.3)\r\n")), ProbeResult::Match);
  EXPECT_EQ(probe(S, bytes_of("220 mx ESMTP\r\n")), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace rampart::line_test
