// The SMTP parser on conversations built here: envelope, headers and body of a
// pipelined mail, any split of the bytes, STARTTLS, BDAT, RSET, the anomalies
// of smtp-events.rules and the limits on what a flow keeps.
#include "proto/smtp/smtp_parser.hpp"

#include "buffer_capture.hpp"
#include "line_session.hpp"
#include "proto/smtp/smtp_eve.hpp"
#include "proto/smtp/smtp_message.hpp"
#include "proto/smtp/smtp_protocol.hpp"
#include "tls_test_support.hpp"

namespace rampart::line_test {
namespace {

using tls_test::RecordingSink;
constexpr Direction C = Direction::ToServer, S = Direction::ToClient;

const std::string kMessage =
    "Received: from a.example.com by mx.example.org;\r\n"
    "\tThu, 26 Nov 2026 05:00:00 +0000\r\n"
    "Received: from c by d\r\n"
    "From: Alice <alice@example.com>\r\n"
    "To: Bob <bob@example.org>, \"Carol, C.\" <carol@example.org>\r\n"
    "cc: dave@example.net\r\n"
    "Subject: Quarterly report\r\n"
    "Date: Thu, 26 Nov 2026 05:00:00 +0000\r\n"
    "Message-Id: <1@example.com>\r\n"
    "X-Mailer: TestMailer 1.0\r\n"
    "\r\n"
    "Hello Bob,\r\n"
    "..dot line\r\n";

const Turns kMail = {
    {S, "220 mx.example.org ESMTP Postfix\r\n"},
    {C, "EHLO client.example.com\r\n"},
    {S, "250-mx.example.org\r\n250-PIPELINING\r\n250 8BITMIME\r\n"},
    {C, "MAIL FROM:<alice@example.com> SIZE=300\r\nRCPT TO:<bob@example.org>\r\n"
        "RCPT TO:<carol@example.org>\r\nDATA\r\n"},
    {S, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"},
    {C, kMessage + ".\r\n"},
    {S, "250 2.0.0 Ok: queued\r\n"},
    {C, "QUIT\r\n"},
    {S, "221 2.0.0 Bye\r\n"},
};

RecordingSink run(const Turns& turns, size_t cut = 0, size_t piece = SIZE_MAX) {
  RecordingSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, turns, sink, cut, piece);
  parser->finish(sink);
  return sink;
}

Turns with(Turns turns, const Turns& more) {
  turns.insert(turns.end(), more.begin(), more.end());
  return turns;
}

const Turns kHello = {{S, "220 mx ESMTP\r\n"}, {C, "EHLO c\r\n"}, {S, "250 mx\r\n"}};

TEST(SmtpParser, PipelinedMailWithHeaders) {
  auto sink = run(kMail);
  EXPECT_TRUE(sink.anomalies.empty()) << sink.anomalies.front();
  // As Suricata 8.0 before 8.0.7, the QUIT after the mail is a transaction of its
  // own, logged at the end with the session's HELO.
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[1]["smtp"]["helo"], "client.example.com");
  EXPECT_FALSE(sink.records[1]["smtp"].contains("mail_from"));
  EXPECT_EQ(sink.types[0], "smtp");
  const auto& r = sink.records[0];
  EXPECT_EQ(r["smtp"]["helo"], "client.example.com");
  EXPECT_EQ(r["smtp"]["mail_from"], "<alice@example.com>");
  EXPECT_EQ(r["smtp"]["rcpt_to"], (nlohmann::json{"<bob@example.org>", "<carol@example.org>"}));
  const auto& email = r["email"];
  EXPECT_EQ(email["status"], "PARSE_DONE");
  EXPECT_EQ(email["from"], "Alice <alice@example.com>");
  EXPECT_EQ(email["to"], (nlohmann::json{"Bob <bob@example.org>", "\"Carol, C.\" <carol@example.org>"}));
  EXPECT_EQ(email["cc"], nlohmann::json{"dave@example.net"});
  EXPECT_EQ(email["subject"], "Quarterly report");
  EXPECT_EQ(email["date"], "Thu, 26 Nov 2026 05:00:00 +0000");
  EXPECT_EQ(email["message_id"], "<1@example.com>");
  EXPECT_EQ(email["x_mailer"], "TestMailer 1.0");
  EXPECT_EQ(email["received"], (nlohmann::json{"from a.example.com by mx.example.org;\tThu, 26 Nov 2026 05:00:00 +0000",
                                                "from c by d"}));
}

TEST(SmtpParser, SameRecordWhereverTheBytesAreSplit) {
  auto whole = run(kMail).records;
  ASSERT_EQ(whole.size(), 2u);
  for (size_t cut = 1; cut < kMessage.size() + 3; ++cut) {
    auto sink = run(kMail, cut);
    EXPECT_EQ(sink.records, whole) << cut;
    EXPECT_TRUE(sink.anomalies.empty()) << cut;
  }
  EXPECT_EQ(run(kMail, 0, 1).records, whole) << "byte by byte";
}

TEST(SmtpParser, RuleBuffers) {
  buffer_test::BufferSink sink({"smtp.helo", "smtp.mail_from", "smtp.rcpt_to", "file.data"});
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, kMail, sink);
  ASSERT_EQ(sink.transactions.size(), 1u);
  auto& b = sink.transactions[0];
  using buffer_test::Values;
  EXPECT_EQ(b["smtp.helo"], Values{"client.example.com"});
  EXPECT_EQ(b["smtp.mail_from"], Values{"<alice@example.com>"});
  EXPECT_EQ(b["smtp.rcpt_to"], (Values{"<bob@example.org>", "<carol@example.org>"}));
  EXPECT_EQ(b["file.data"], Values{"Hello Bob,\r\n.dot line\r\n"}) << "dot-unstuffed body after the header";
}

TEST(SmtpParser, OneTransactionPerMail) {
  Turns turns = with(kHello, {{C, "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n"},
                              {S, "250 ok\r\n250 ok\r\n354 go\r\n"},
                              {C, "Subject: one\r\n\r\nbody\r\n.\r\nMAIL FROM:<c@x>\r\nRCPT TO:<d@y>\r\nDATA\r\n"},
                              {S, "250 ok\r\n250 ok\r\n250 ok\r\n354 go\r\n"},
                              {C, "Subject: two\r\n\r\n.\r\n"}});
  auto sink = run(turns);
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0]["email"]["subject"], "one");
  EXPECT_EQ(sink.records[1]["smtp"]["mail_from"], "<c@x>");
  EXPECT_EQ(sink.records[1]["smtp"]["helo"], "c");
  EXPECT_EQ(sink.records[1]["email"]["subject"], "two");
  EXPECT_FALSE(sink.records[1]["email"].contains("to")) << "empty fields are left out";
}

TEST(SmtpParser, StartTlsEndsParsing) {
  Turns turns = with(kHello, {{C, "STARTTLS\r\n"}, {S, "220 2.0.0 Ready to start TLS\r\n"},
                              {C, std::string("\x16\x03\x01\x02\x00\x01", 6)}, {S, "\x16\x03\x03 junk"}});
  auto sink = run(turns);
  EXPECT_TRUE(sink.anomalies.empty());
  ASSERT_EQ(sink.records.size(), 1u) << "the session is logged once with its HELO";
  EXPECT_EQ(sink.records[0]["smtp"]["helo"], "c");
  EXPECT_FALSE(sink.records[0].contains("email"));
}

TEST(SmtpParser, SessionWithoutMailOrHeloLoggedOnce) {
  auto sink = run({{C, "EHLO\r\nRSET\r\nSTARTTLS\r\n"}, {S, "220 mx ESMTP\r\n250 mx\r\n250 ok\r\n220 go\r\n"}});
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_FALSE(sink.records[0]["smtp"].contains("helo"));
  EXPECT_TRUE(run({{S, "220 mx ESMTP\r\n"}}).records.empty()) << "nothing to log when the client never spoke";
}

TEST(SmtpParser, StartTlsRejected) {
  // RFC 3207's 454 is not among the reply codes Suricata knows: its 501 is.
  auto sink = run(with(kHello, {{C, "STARTTLS\r\n"}, {S, "501 5.5.4 Syntax error\r\n"}, {C, "QUIT\r\n"}}));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"TLS_REJECTED"});
}

TEST(SmtpParser, BdatChunks) {
  std::string first = "Subject: chunked\r\n", second = "\r\nbody\r\n";
  auto sink = run(with(kHello, {{C, "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\n"},
                                {C, "BDAT " + std::to_string(first.size()) + "\r\n" + first},
                                {C, "BDAT " + std::to_string(second.size()) + " LAST\r\n" + second},
                                {S, "250 ok\r\n250 ok\r\n250 ok\r\n250 ok\r\n"}}));
  EXPECT_TRUE(sink.anomalies.empty());
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["email"]["subject"], "chunked");
  EXPECT_EQ(sink.records[0]["email"]["status"], "PARSE_DONE");
}

TEST(SmtpParser, InvalidBdatSize) {
  auto sink = run(with(kHello, {{C, "MAIL FROM:<a@x>\r\nBDAT x1 LAST\r\nQUIT\r\n"}}));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"INVALID_BDAT"});
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_FALSE(sink.records[0].contains("email"));
}

// app-layer.protocols.smtp.mime: https URLs looked for and logged with their scheme.
TEST(SmtpParser, UrlSchemesFromTheSettings) {
  proto::AppLayerSettings settings;
  settings.smtp_urls = {{"http", "https"}, true};
  proto::FlowContext context;
  context.settings = &settings;
  RecordingSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  parser->attach(context);
  feed(*parser, with(kHello, {{C, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"}, {S, "250 ok\r\n250 ok\r\n354 go\r\n"},
                              {C, "Subject: s\r\n\r\nsee https://A.example/x and http://b.example/\r\n.\r\n"}}),
       sink);
  parser->finish(sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["email"]["url"], (nlohmann::json{"https://a.example/x", "http://b.example/"}));
}

// Each attachment gets a fileinfo record after its transaction's, with the
// configured digests; one that the end of the flow cut short is TRUNCATED.
TEST(SmtpParser, AttachmentsGetFileinfoRecords) {
  proto::AppLayerSettings settings;
  settings.file_hashes = proto::file_hash::kSha256;
  proto::FlowContext context;
  context.settings = &settings;
  RecordingSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  parser->attach(context);
  const std::string header = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n";
  const Turns envelope = {{C, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"}, {S, "250 ok\r\n250 ok\r\n354 go\r\n"}};
  feed(*parser, with(with(kHello, envelope), {{C, header + "Content-Disposition: attachment; filename=hello.txt\r\n"
                                                        "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8=\r\n--b--\r\n.\r\n"},
                                                    {S, "250 queued\r\n"}}),
       sink);
  feed(*parser, with(envelope, {{C, header + "Content-Type: text/plain; name=cut.txt\r\n\r\nsome\r\nmore"}}), sink);
  parser->finish(sink);
  ASSERT_EQ(sink.records.size(), 2u);
  ASSERT_EQ(sink.files.size(), 2u);
  const auto& hello = sink.files[0];
  EXPECT_EQ(hello["app_proto"], "smtp");
  EXPECT_EQ(hello["smtp"]["mail_from"], "<a@b>");
  EXPECT_EQ(hello["email"]["attachment"], nlohmann::json{"hello.txt"});
  EXPECT_EQ(hello["fileinfo"], (nlohmann::json{{"filename", "hello.txt"},
                                               {"gaps", false},
                                               {"state", "CLOSED"},
                                               {"sha256", "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"},
                                               {"stored", false},
                                               {"size", 5},
                                               {"tx_id", 0}}));
  EXPECT_EQ(sink.files[1]["fileinfo"]["filename"], "cut.txt");
  EXPECT_EQ(sink.files[1]["fileinfo"]["state"], "TRUNCATED");
  EXPECT_EQ(sink.files[1]["fileinfo"]["size"], 4);
  EXPECT_EQ(sink.files[1]["fileinfo"]["tx_id"], 1);
}

// An alert on a mail lists its attachments as Suricata 8's alerts do; the smtp
// record itself does not.
TEST(SmtpEve, FilesArrayOnlyWhenAsked) {
  proto::smtp::SmtpTransaction tx;
  tx.id = 3;
  tx.has_message = true;
  auto& file = tx.attachments.emplace_back();
  file.name = "a.bin";
  file.size = 3;
  file.complete = true;
  auto render = [&](bool files) {
    proto::RecordOptions options;
    options.files = files;
    std::string text;
    JsonWriter w(text);
    w.begin_object();
    proto::smtp::SmtpFields(tx).write_with(w, options);
    w.end_object();
    return nlohmann::json::parse(text);
  };
  EXPECT_FALSE(render(false).contains("files"));
  EXPECT_EQ(render(true)["files"], (nlohmann::json{{{"filename", "a.bin"},
                                                     {"gaps", false},
                                                     {"state", "CLOSED"},
                                                     {"stored", false},
                                                     {"size", 3},
                                                     {"tx_id", 3}}}));
}

// app-layer.protocols.smtp.mime.body-md5 and eve-log smtp md5: [body, subject]:
// the body is hashed as sent (still dot-stuffed), as Suricata hashes it.
TEST(SmtpParser, BodyAndSubjectMd5) {
  proto::AppLayerSettings settings;
  settings.smtp_body_md5 = true;
  proto::FlowContext context;
  context.settings = &settings;
  struct Sink final : proto::EventSink {
    void transaction(std::string_view, uint64_t, proto::LogDirection, const proto::EveFields& fields) override {
      proto::RecordOptions options;
      options.smtp = {.body_md5 = true, .subject_md5 = true};
      std::string text;
      JsonWriter w(text);
      w.begin_object();
      fields.write_with(w, options);
      w.end_object();
      email = nlohmann::json::parse(text)["email"];
    }
    void anomaly(std::string_view) override {}
    nlohmann::json email;
  } sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  parser->attach(context);
  feed(*parser, kMail, sink);
  EXPECT_EQ(sink.email["body_md5"], "30eed3c839f67103be44773df079d94b");
  EXPECT_EQ(sink.email["subject_md5"], "b878f09b440039d0fb8cb3f05ceb405f");
  EXPECT_FALSE(run(kMail).records[0]["email"].contains("body_md5")) << "only when asked";
}

TEST(SmtpParser, RsetEndsTheTransaction) {
  auto sink = run(with(kHello, {{C, "MAIL FROM:<a@x>\r\nRSET\r\nMAIL FROM:<b@x>\r\n"}}));
  ASSERT_EQ(sink.records.size(), 2u);
  EXPECT_EQ(sink.records[0]["smtp"]["mail_from"], "<a@x>");
  EXPECT_EQ(sink.records[1]["smtp"]["mail_from"], "<b@x>");
}

TEST(SmtpParser, InvalidRepliesStopTheFlow) {
  for (const char* reply : {"hello there\r\n", "472 no such code\r\n", "402 not in Suricata's list\r\n", "25\r\n",
                            "250x\r\n"}) {
    RecordingSink sink;
    auto parser = proto::smtp::make_smtp_parser(true);
    EXPECT_TRUE(feed(*parser, with(kHello, {{C, "MAIL FROM:<a@x>\r\n"}}), sink));
    EXPECT_FALSE(parser->parse(S, bytes_of(reply), sink)) << reply;
    EXPECT_FALSE(parser->parse(C, bytes_of("RCPT TO:<b@y>\r\n"), sink)) << "no more parsing";
    parser->finish(sink);
    EXPECT_EQ(sink.anomalies, std::vector<std::string>{"INVALID_REPLY"}) << reply;
    ASSERT_EQ(sink.records.size(), 1u) << "what was open is logged";
    EXPECT_FALSE(sink.records[0]["smtp"].contains("rcpt_to"));
  }
}

// Suricata 8.0 before 8.0.7 ties the event to the mail, which was already logged.
TEST(SmtpParser, ReplyAnomalyAfterALoggedMailIsNotLogged) {
  RecordingSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, with(kHello, {{C, "MAIL FROM:<a@x>\r\nDATA\r\n"}, {S, "250 ok\r\n354 go\r\n"}, {C, "hi\r\n.\r\n"}}),
       sink);
  EXPECT_FALSE(parser->parse(S, bytes_of("250 ok\r\n299 what\r\n"), sink)) << "the invalid reply still ends parsing";
  parser->finish(sink);
  EXPECT_TRUE(sink.anomalies.empty()) << sink.anomalies.front();
  EXPECT_EQ(sink.records.size(), 1u);
}

// The sensor's sink when the server's ACK hands over the client's bytes: the
// rules of a transaction completed then wait for the client's next packet.
class DeferringSink final : public proto::EventSink {
 public:
  void transaction(std::string_view, uint64_t tx_id, proto::LogDirection, const proto::EveFields& fields) override {
    logged.push_back(tx_id);
    rules_deferred = fields.inspected_side() == Direction::ToServer;
  }
  bool defers_side(Direction side) const override { return side == Direction::ToServer; }
  void side_complete(std::string_view, uint64_t tx_id, Direction, const proto::EveFields& fields) override {
    inspected.push_back(tx_id);
    auto mail_from = fields.buffer("smtp.mail_from", 0);
    inspected_mail_from.assign(mail_from->begin(), mail_from->end());
  }
  void anomaly(std::string_view) override {}
  void file(uint64_t tx_id, const proto::EveFields&) override { files.push_back(tx_id); }

  std::vector<uint64_t> logged, inspected, files;
  bool rules_deferred = false;
  std::string inspected_mail_from;
};

const Turns kMailWithAttachment = with(
    kHello, {{C, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"},
             {S, "250 ok\r\n250 ok\r\n354 go\r\n"},
             {C, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                 "Content-Disposition: attachment; filename=a.txt\r\n\r\nhi\r\n--b--\r\n.\r\n"}});

TEST(SmtpParser, RulesAndFilesOfAMailWaitForTheClientsNextPacket) {
  DeferringSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, kMailWithAttachment, sink);
  EXPECT_EQ(sink.logged, std::vector<uint64_t>{0}) << "the record is written at once";
  EXPECT_TRUE(sink.rules_deferred);
  EXPECT_TRUE(sink.inspected.empty());
  EXPECT_TRUE(sink.files.empty());
  parser->inspect_deferred(S, sink);
  EXPECT_TRUE(sink.inspected.empty()) << "a packet of the server";
  parser->inspect_deferred(C, sink);
  EXPECT_EQ(sink.inspected, std::vector<uint64_t>{0});
  EXPECT_EQ(sink.inspected_mail_from, "<a@b>");
  EXPECT_EQ(sink.files, std::vector<uint64_t>{0});
  parser->inspect_deferred(C, sink);
  parser->finish(sink);
  EXPECT_EQ(sink.inspected.size(), 1u) << "once";
  EXPECT_EQ(sink.files.size(), 1u);
}

TEST(SmtpParser, AtMost64MailsWaitForTheirRules) {
  std::string mails;
  for (int i = 0; i < 70; ++i) mails += "MAIL FROM:<m" + std::to_string(i) + "@x>\r\nDATA\r\nhi\r\n.\r\n";
  DeferringSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, with(kHello, {{C, mails}}), sink);
  EXPECT_EQ(sink.logged.size(), 70u);
  EXPECT_EQ(sink.inspected.size(), 6u) << "the oldest were inspected at once";
  EXPECT_EQ(sink.inspected_mail_from, "<m5@x>");
  parser->inspect_deferred(C, sink);
  EXPECT_EQ(sink.inspected.size(), 70u);
  EXPECT_EQ(sink.inspected_mail_from, "<m69@x>");
}

TEST(SmtpParser, DeferredRulesRunAtTheFlowsEnd) {
  DeferringSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, kMailWithAttachment, sink);
  parser->finish(sink);
  EXPECT_EQ(sink.inspected, std::vector<uint64_t>{0});
  EXPECT_EQ(sink.files, std::vector<uint64_t>{0});
}

TEST(SmtpParser, DataRejected) {
  auto sink = run(with(kHello, {{C, "MAIL FROM:<a@x>\r\nDATA\r\n"}, {S, "250 ok\r\n554 no valid recipients\r\n"}}));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"DATA_COMMAND_REJECTED"});
}

TEST(SmtpParser, ReplyWithoutCommand) {
  auto sink = run(with(kHello, {{S, "250 ok\r\n"}}));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"UNABLE_TO_MATCH_REPLY_WITH_REQUEST"});
}

TEST(SmtpParser, LongLines) {
  auto sink = run(with(kHello, {{C, "HELO " + std::string(600, 'h') + "\r\n"}, {S, "250 " + std::string(600, 'r') + "\r\n"}}));
  EXPECT_EQ(sink.anomalies, (std::vector<std::string>{"MAX_COMMAND_LINE_LEN_EXCEEDED", "MAX_REPLY_LINE_LEN_EXCEEDED"}));
  sink = run(with(kHello, {{C, "HELO " + std::string(5000, 'h') + "\r\n"}}));
  EXPECT_EQ(sink.anomalies, (std::vector<std::string>{"TRUNCATED_LINE", "MAX_COMMAND_LINE_LEN_EXCEEDED"}));
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["smtp"]["helo"].get<std::string>().size(), 4096u - 5) << "a line keeps 4096 bytes";
  sink = run(with(kHello, {{C, "HELO " + std::string(4090, 'h') + "\r\n"}}));
  EXPECT_EQ(sink.anomalies.front(), "TRUNCATED_LINE") << "the LF is past 4096 bytes";
  EXPECT_EQ(sink.records[0]["smtp"]["helo"], std::string(4090, 'h') + "\r") << "a truncated line keeps its CR";
  sink = run(with(kHello, {{C, "HELO " + std::string(4089, 'h') + "\r\n"}}));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"MAX_COMMAND_LINE_LEN_EXCEEDED"});
  EXPECT_EQ(sink.records[0]["smtp"]["helo"], std::string(4089, 'h'));
}

// As Suricata's, a message line over the 4096-byte line limit reaches MIME whole
// (smtp-file-data-01: an attachment of one 16,384-byte line); a header line keeps
// its first 4096 bytes (MemoryIsBounded).
TEST(SmtpParser, LongMessageLinesReachMimeWhole) {
  for (size_t length : {size_t{4095}, size_t{4096}, size_t{16384}}) {
    const std::string part = "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                             "Content-Disposition: attachment; filename=long.txt\r\n\r\n" +
                             std::string(length, 'x') + "\r\n--b--\r\n.\r\n";
    for (size_t piece : {size_t{1000}, SIZE_MAX}) {
      auto sink = run(with(kHello, {{C, "MAIL FROM:<a@b>\r\nDATA\r\n"}, {S, "250 ok\r\n354 go\r\n"}, {C, part}}), 0,
                      piece);
      ASSERT_EQ(sink.files.size(), 1u) << length;
      EXPECT_EQ(sink.files[0]["fileinfo"]["size"], length) << length << " " << piece;
      EXPECT_EQ(sink.files[0]["fileinfo"]["state"], "CLOSED") << length;
      EXPECT_EQ(sink.records.size(), 1u) << "the mail ended at its dot line";
      // Its LF is past the first 4096 bytes.
      EXPECT_EQ(sink.anomalies, std::vector<std::string>{"TRUNCATED_LINE"}) << length;
    }
  }
}

TEST(SmtpParser, MemoryIsBounded) {
  std::string recipients;
  for (int i = 0; i < 1000; ++i) recipients += "RCPT TO:<r" + std::to_string(i) + "@y>\r\n";
  std::string message = "Subject: " + std::string(20000, 's') + "\r\n";
  for (int i = 0; i < 1000; ++i) message += "To: t" + std::to_string(i) + "@y\r\n";
  message += "\r\n";
  for (int i = 0; i < 100; ++i) message += std::string(1000, 'b') + "\r\n";
  message += ".\r\n";
  buffer_test::BufferSink buffers({"smtp.rcpt_to", "file.data"});
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, with(kHello, {{C, "MAIL FROM:<a@x>\r\n" + recipients + "DATA\r\n"}, {C, message}}), buffers);
  ASSERT_EQ(buffers.transactions.size(), 1u);
  EXPECT_EQ(buffers.transactions[0]["smtp.rcpt_to"].size(), 256u);
  EXPECT_EQ(buffers.transactions[0]["file.data"][0].size(), 65536u);
  RecordingSink sink;
  parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, with(kHello, {{C, "MAIL FROM:<a@x>\r\nDATA\r\n"}, {C, message}}), sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["email"]["subject"].get<std::string>().size(), 4096u - 9) << "line cap";
  EXPECT_EQ(sink.records[0]["email"]["to"].size(), 256u);
}

TEST(SmtpParser, GreetingReadAfterTheFirstCommand) {
  // Detection may hand the parser the client's bytes before the server's greeting.
  auto sink = run({{C, "EHLO c\r\nMAIL FROM:<a@x>\r\n"}, {S, "220 mx ESMTP\r\n250 hi\r\n250 ok\r\n"}});
  EXPECT_TRUE(sink.anomalies.empty());
  EXPECT_EQ(sink.records.size(), 1u);
}

// As Suricata since its bug 6367: at the reassembly depth the part of a line that
// came is decoded too ("aGVsbG8g" is "hello "), the attachment ends truncated and
// the mail is logged; nothing after it is read.
TEST(SmtpParser, TheDepthDecodesTheCutLineAndTruncatesTheAttachment) {
  RecordingSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  const Turns mail = {{C, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n"},
                      {S, "250 ok\r\n250 ok\r\n354 go\r\n"},
                      {C, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                          "Content-Disposition: attachment; filename=cut.txt\r\n"
                          "Content-Transfer-Encoding: base64\r\n\r\naGVsbG8gd29y\r\naGVsbG8g"}};
  feed(*parser, with(kHello, mail), sink);
  parser->truncate(C, sink);
  ASSERT_EQ(sink.files.size(), 1u);
  EXPECT_EQ(sink.files[0]["fileinfo"]["state"], "TRUNCATED");
  EXPECT_EQ(sink.files[0]["fileinfo"]["size"], 9 + 6);
  parser->parse(C, bytes_of("more\r\n.\r\n"), sink);
  parser->finish(sink);
  EXPECT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.files.size(), 1u);
}

TEST(SmtpParser, GapStopsAndLogs) {
  RecordingSink sink;
  auto parser = proto::smtp::make_smtp_parser(true);
  feed(*parser, with(kHello, {{C, "MAIL FROM:<a@x>\r\nDATA\r\nSubject: s\r\n"}}), sink);
  parser->gap(C, 100, sink);
  EXPECT_TRUE(parser->parse(C, bytes_of(".\r\nMAIL FROM:<b@x>\r\n"), sink));
  parser->finish(sink);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["email"]["status"], "BODY_STARTED");
  EXPECT_EQ(sink.records[0]["email"]["subject"], "s");
}

TEST(SmtpParser, MutatedConversationsKeepEveryBufferReadable) {
  std::mt19937 rng(25);
  size_t records = 0;
  for (int round = 0; round < 300; ++round) {
    Turns turns;
    for (const auto& [dir, text] : kMail) {
      auto mutated = buffer_test::mutated(std::vector<uint8_t>(text.begin(), text.end()), rng);
      turns.emplace_back(dir, std::string(mutated.begin(), mutated.end()));
    }
    buffer_test::BufferSink sink({"smtp.helo", "smtp.mail_from", "smtp.rcpt_to", "file.data"});
    auto parser = proto::smtp::make_smtp_parser(true);
    feed(*parser, turns, sink);
    parser->finish(sink);
    records += sink.transactions.size();
  }
  EXPECT_GT(records, 150u) << "most mutated conversations are still logged";
}

// As in Suricata, a MIME anomaly is an event of the mail's transaction.
TEST(SmtpParser, MimeAnomaliesNameTheirTransaction) {
  const std::string long_name(300, 'n');
  const Turns mail = with(kHello, {
      {C, "MAIL FROM:<a@x>\r\nRCPT TO:<b@y>\r\nDATA\r\n"},
      {S, "250 ok\r\n250 ok\r\n354 go\r\n"},
      {C, "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
          "Content-Disposition: attachment; filename=\"" + long_name + "\"\r\n\r\nhello\r\n--b--\r\n.\r\n"},
      {S, "250 queued\r\n"},
  });
  auto sink = run(mail);
  ASSERT_EQ(sink.transaction_events.size(), 1u);
  EXPECT_EQ(sink.transaction_events[0].event, "MIME_LONG_FILENAME");
  EXPECT_EQ(sink.transaction_events[0].tx_id, 0u);
  ASSERT_FALSE(sink.records.empty());
  EXPECT_EQ(sink.records[0]["email"]["attachment"][0].get<std::string>().size(), 255u);
}

TEST(SmtpAddresses, SplitOutsideQuotes) {
  EXPECT_EQ(proto::smtp::split_addresses(" a@x ,\"b, c\" <d@y>,, "),
            (std::vector<std::string>{"a@x", "\"b, c\" <d@y>"}));
  EXPECT_TRUE(proto::smtp::split_addresses(" , ").empty());
}

TEST(SmtpProbe, EitherDirection) {
  auto probe = proto::smtp::smtp_protocol().probe;
  using proto::ProbeResult;
  EXPECT_EQ(probe(C, bytes_of("ehlo x\r\n")), ProbeResult::Match);
  EXPECT_EQ(probe(C, bytes_of("HEL")), ProbeResult::NeedMore);
  EXPECT_EQ(probe(C, bytes_of("EHLO\r\n")), ProbeResult::Match);
  EXPECT_EQ(probe(C, bytes_of("EHLOX")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(C, bytes_of("USER x\r\n")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(S, bytes_of("220 mx.example.org ESMTP ready\r\n")), ProbeResult::Match);
  EXPECT_EQ(probe(S, bytes_of("220 mx.example.org")), ProbeResult::NeedMore);
  EXPECT_EQ(probe(S, bytes_of("220 (vsFTPd 3.0.3)\r\n")), ProbeResult::NoMatch);
  EXPECT_EQ(probe(S, bytes_of("SSH-2.0-x\r\n")), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace rampart::line_test
