// The rule buffers of SMTP and FTP transactions: the values each one serves,
// one per recipient, Received field or reply line where a buffer has several,
// and the buffers both protocols declare for the detect buffer registry.
#include <algorithm>

#include "buffer_capture.hpp"
#include "line_session.hpp"
#include "proto/ftp/ftp_parser.hpp"
#include "proto/ftp/ftp_protocol.hpp"
#include "proto/smtp/smtp_parser.hpp"
#include "proto/smtp/smtp_protocol.hpp"

namespace rampart::line_test {
namespace {

using buffer_test::BufferSink;
using buffer_test::Values;
constexpr Direction C = Direction::ToServer, S = Direction::ToClient;

const std::vector<std::string> kSmtpBuffers = {
    "smtp.helo",     "smtp.mail_from", "smtp.rcpt_to",     "email.from",     "email.subject",
    "email.to",      "email.cc",       "email.date",       "email.message_id", "email.x_mailer",
    "email.received", "file.data"};

const Turns kMail = {
    {S, "220 mx ESMTP\r\n"},
    {C, "EHLO ws1.example.com\r\n"},
    {S, "250 mx\r\n"},
    {C, "MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nRCPT TO:<c@example.org>\r\nDATA\r\n"},
    {S, "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n"},
    {C, "Received: from x by y;\r\n\tThu, 26 Nov 2026\r\nReceived: from z by x\r\n"
        "From: A <a@example.com>\r\nTo: B <b@example.org>,\r\n \"C, D\" <c@example.org>\r\nCc: e@example.net\r\n"
        "Subject: Valve\r\n report\r\nDate: Thu, 26 Nov 2026 05:00:00 +0000\r\nMessage-ID: <1@a>\r\n"
        "X-Mailer: M 1\r\n\r\nbody line\r\n.\r\n"},
    {S, "250 queued\r\n"},
};

TEST(SmtpBuffers, EnvelopeAndHeaderFields) {
  BufferSink sink(kSmtpBuffers);
  auto parser = proto::smtp::make_smtp_parser(true);
  ASSERT_TRUE(feed(*parser, kMail, sink, 7));
  parser->finish(sink);
  ASSERT_EQ(sink.transactions.size(), 1u);
  const auto& b = sink.transactions[0];
  EXPECT_EQ(b.at("smtp.helo"), Values{"ws1.example.com"});
  EXPECT_EQ(b.at("smtp.mail_from"), Values{"<a@example.com>"});
  EXPECT_EQ(b.at("smtp.rcpt_to"), (Values{"<b@example.org>", "<c@example.org>"}));
  EXPECT_EQ(b.at("email.from"), Values{"A <a@example.com>"});
  EXPECT_EQ(b.at("email.subject"), Values{"Valve report"});
  EXPECT_EQ(b.at("email.to"), Values{"B <b@example.org>, \"C, D\" <c@example.org>"});
  EXPECT_EQ(b.at("email.cc"), Values{"e@example.net"});
  EXPECT_EQ(b.at("email.date"), Values{"Thu, 26 Nov 2026 05:00:00 +0000"});
  EXPECT_EQ(b.at("email.message_id"), Values{"<1@a>"});
  EXPECT_EQ(b.at("email.x_mailer"), Values{"M 1"});
  EXPECT_EQ(b.at("email.received"), (Values{"from x by y;\tThu, 26 Nov 2026", "from z by x"}));
  EXPECT_EQ(b.at("file.data"), Values{"body line\r\n"});
}

TEST(SmtpBuffers, NoMessageNoEmailBuffers) {
  BufferSink sink(kSmtpBuffers);
  auto parser = proto::smtp::make_smtp_parser(true);
  ASSERT_TRUE(feed(*parser, {kMail[0], kMail[1], kMail[2], {C, "MAIL FROM:<a@b>\r\n"}}, sink));
  parser->finish(sink);
  ASSERT_EQ(sink.transactions.size(), 1u);
  const auto& b = sink.transactions[0];
  EXPECT_EQ(b.at("smtp.mail_from"), Values{"<a@b>"});
  for (const char* name : {"email.from", "email.to", "email.received", "file.data"}) EXPECT_TRUE(b.at(name).empty()) << name;
}

const std::vector<std::string> kFtpBuffers = {"ftp.command",  "ftp.command_data",   "ftp.reply",       "ftp.completion_code",
                                              "ftp.mode",     "ftp.reply_received", "ftp.dynamic_port"};

TEST(FtpBuffers, CommandRepliesModeAndPort) {
  BufferSink sink(kFtpBuffers);
  auto parser = proto::ftp::make_ftp_parser(true);
  Turns turns = {{S, "220 hi\r\n"},
                 {C, "PASV\r\n"},
                 {S, "227 Entering Passive Mode (10,0,0,2,195,80).\r\n"},
                 {C, "RETR a.csv\r\n"},
                 {S, "150 Opening\r\n226 Done\r\n"},
                 {C, "NOOP\r\n"}};
  ASSERT_TRUE(feed(*parser, turns, sink, 3));
  parser->finish(sink);
  ASSERT_EQ(sink.transactions.size(), 4u);
  const auto& pasv = sink.transactions[1];
  EXPECT_EQ(pasv.at("ftp.command"), Values{"PASV"});
  EXPECT_TRUE(pasv.at("ftp.command_data").empty());
  EXPECT_EQ(pasv.at("ftp.mode"), Values{"passive"});
  EXPECT_EQ(pasv.at("ftp.reply_received"), Values{"yes"});
  EXPECT_EQ(pasv.at("ftp.dynamic_port"), Values{std::string("\xc3\x50", 2)}) << "195*256+80 big-endian";
  const auto& retr = sink.transactions[2];
  EXPECT_EQ(retr.at("ftp.command_data"), Values{"a.csv"});
  EXPECT_EQ(retr.at("ftp.reply"), (Values{"Opening", "Done"}));
  EXPECT_EQ(retr.at("ftp.completion_code"), (Values{"150", "226"}));
  EXPECT_TRUE(retr.at("ftp.mode").empty());
  EXPECT_TRUE(retr.at("ftp.dynamic_port").empty());
  EXPECT_EQ(sink.transactions[3].at("ftp.reply_received"), Values{"no"});
}

bool declares(const proto::Protocol& p, std::string_view name, proto::BufferUse use) {
  return std::any_of(p.buffers.begin(), p.buffers.end(),
                     [&](const proto::RuleBuffer& b) { return b.name == name && b.use == use; });
}

TEST(SmtpFtpBuffers, ProtocolsDeclareTheirBuffers) {
  auto smtp = proto::smtp::smtp_protocol();
  for (const auto& name : kSmtpBuffers) {
    if (name != "file.data") {
      EXPECT_TRUE(declares(smtp, name, proto::BufferUse::Sticky)) << name;
    }
  }
  auto ftp = proto::ftp::ftp_protocol();
  for (const char* name : {"ftp.command", "ftp.command_data", "ftp.reply", "ftp.completion_code"})
    EXPECT_TRUE(declares(ftp, name, proto::BufferUse::Sticky)) << name;
  EXPECT_TRUE(declares(ftp, "ftp.mode", proto::BufferUse::Word));
  EXPECT_TRUE(declares(ftp, "ftp.reply_received", proto::BufferUse::Word));
  EXPECT_TRUE(declares(ftp, "ftp.dynamic_port", proto::BufferUse::Number));
}

}  // namespace
}  // namespace rampart::line_test
