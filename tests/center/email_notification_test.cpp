// E-mail notifications against an SMTP sink inside the test (Boost.Asio on a
// loopback port, speaking EHLO/MAIL/RCPT/DATA/QUIT): a created incident arrives
// with its envelope (sender, every recipient) and a message whose subject carries
// the level and title and whose body the id, category, level, assets and link; a
// sink that first answers 451 is retried with the webhook's policy; events that are
// not selected send nothing. The message format and the configuration are checked.
#include <gtest/gtest.h>

#include <mutex>
#include <thread>
#include <yaml-cpp/yaml.h>

#include "center/notify/notifier.hpp"
#include "notifier_settle.hpp"
#include "center/notify/notify_config.hpp"
#include "center/store/sqlite_store.hpp"
#include "center_support/smtp_sink.hpp"
#include "temp_dir.hpp"

namespace rampart::center::notify {
namespace {

using testing::SmtpSink;

class EmailNotification : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = open_sqlite_store(dir_.path());
    ASSERT_TRUE(opened) << opened.error().detail;
    store_ = std::move(*opened);
    NewIncident incident{"ransomware", "harmful-program", 2, "", 1'700'000'000'000'000, 1000, {}};
    auto created = store_->create_incident(incident, "test");
    ASSERT_TRUE(created && created->created_id);
    incident_id_ = *created->created_id;
  }

  static NotificationSettings settings(uint16_t port, std::vector<std::string> to) {
    NotificationSettings out;
    out.email.server = "smtp://127.0.0.1:" + std::to_string(port);
    out.email.starttls = false;
    out.email.from = "rampart@cert.example";
    out.email.to = std::move(to);
    out.email.link = "https://center.example/incidents/{id}";
    out.email.timeout = std::chrono::milliseconds(5000);
    out.first_retry = std::chrono::milliseconds(20);
    out.max_attempts = 4;
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  int64_t incident_id_ = 0;
};

TEST_F(EmailNotification, ACreatedIncidentIsMailedToEveryRecipient) {
  SmtpSink sink({"250 recipient ok"});
  Notifier notifier(*store_, settings(sink.port(), {"soc@cert.example", "duty@cert.example"}));
  ASSERT_TRUE(notifier.notify({IncidentEvent::created, incident_id_, std::nullopt}));
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  const auto& mail = mails[0];
  EXPECT_EQ(mail.mail_from, "FROM:<rampart@cert.example>");
  EXPECT_EQ(mail.rcpt_to, (std::vector<std::string>{"TO:<soc@cert.example>", "TO:<duty@cert.example>"}));
  auto id = std::to_string(incident_id_);
  for (const std::string& expected :
       {std::string("From: rampart@cert.example\r\n"), std::string("To: soc@cert.example, duty@cert.example\r\n"),
        std::string("Subject: [Rampart] New level II (major) incident: ransomware\r\n"),
        std::string("Content-Type: text/plain; charset=utf-8\r\n"), "\r\n\r\nIncident " + id + " was created.\r\n",
        "Id:       " + id + "\r\n", std::string("Category: harmful-program\r\n"),
        std::string("Level:    II (major)\r\n"), std::string("Assets:   none recorded\r\n"),
        "Link:     https://center.example/incidents/" + id + "\r\n"})
    EXPECT_NE(mail.data.find(expected), std::string::npos) << expected << "\n" << mail.data;
  EXPECT_EQ(settle(notifier, 1).delivered, 1u);
}

TEST_F(EmailNotification, A451IsRetriedUntilTheSinkAccepts) {
  SmtpSink sink({"451 4.7.1 greylisted, try again later", "250 recipient ok"});
  std::mutex mutex;
  std::vector<std::string> reports;
  Notifier notifier(*store_, settings(sink.port(), {"soc@cert.example"}), [&](const std::string& line) {
    std::lock_guard lock(mutex);
    reports.push_back(line);
  });
  ASSERT_TRUE(notifier.notify({IncidentEvent::escalated, incident_id_, 3}));
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].data.find("Subject: [Rampart] Escalated level II (major) incident: ransomware\r\n"),
            std::string::npos)
      << mails[0].data;
  EXPECT_NE(mails[0].data.find("was escalated from level III to level II."), std::string::npos) << mails[0].data;
  auto counts = settle(notifier, 1);
  EXPECT_EQ(counts.delivered, 1u);
  EXPECT_EQ(counts.retried, 1u);
  EXPECT_EQ(counts.failed, 0u);
  std::lock_guard lock(mutex);
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(reports[0].find("e-mail attempt 1/4 failed"), std::string::npos) << reports[0];
  EXPECT_NE(reports[0].find("451"), std::string::npos) << reports[0];
}

TEST_F(EmailNotification, OnlyTheSelectedEventsAreMailed) {
  SmtpSink sink({"250 recipient ok"});
  auto only_escalations = settings(sink.port(), {"soc@cert.example"});
  only_escalations.email.on_created = false;
  Notifier notifier(*store_, only_escalations);
  ASSERT_TRUE(notifier.notify({IncidentEvent::created, incident_id_, std::nullopt}));
  ASSERT_TRUE(notifier.notify({IncidentEvent::escalated, incident_id_, 4}));
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_NE(mails[0].data.find("Escalated level II"), std::string::npos) << mails[0].data;
  EXPECT_EQ(settle(notifier, 1).delivered, 1u);
}

TEST(EmailMessages, HeadersAreSafeAndTheBodyListsTheAssets) {
  IncidentRecord incident;
  incident.id = 7;
  incident.title = "Zugriff auf Leitwarte\r\nBcc: intruder@evil.example";
  incident.category = "network-attack";
  incident.level = 1;
  auto message = notice_email({IncidentEvent::created, 7, std::nullopt}, incident, {"10.0.0.5", "10.0.0.6"}, "");
  EXPECT_NE(message.body.find("Assets:   10.0.0.5, 10.0.0.6\n"), std::string::npos) << message.body;
  EXPECT_EQ(message.body.find("Link:"), std::string::npos) << "no link configured";
  EmailSettings settings;
  settings.from = "rampart@cert.example";
  settings.to = {"soc@cert.example"};
  auto text = render_email(settings, message, 1'700'000'000'000'000);
  EXPECT_EQ(text.find("\r\nBcc:"), std::string::npos) << text;
  EXPECT_NE(text.find("Date: Tue, 14 Nov 2023 22:13:20 +0000\r\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("\n\n"), std::string::npos) << "every line ends in CRLF";
  incident.title = "Störung";
  auto encoded = render_email(settings, notice_email({IncidentEvent::created, 7, std::nullopt}, incident, {}, ""), 0);
  EXPECT_NE(encoded.find("Subject: =?UTF-8?B?"), std::string::npos) << encoded;
}

TEST(EmailConfig, ParsesAndRefusesBadSettings) {
  auto parse = [](const std::string& yaml) { return parse_notifications(YAML::Load(yaml), "/etc/rampart/center.yaml"); };
  auto parsed = parse(
      "email:\n  server: smtps://mail.example:465\n  user: rampart\n  password: pw\n  from: rampart@cert.example\n"
      "  to: [soc@cert.example, duty@cert.example]\n  events: [escalated]\n  ca-file: certs/ca.pem\n");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_TRUE(parsed->enabled());
  EXPECT_EQ(parsed->email.server, "smtps://mail.example:465");
  EXPECT_EQ(parsed->email.to.size(), 2u);
  EXPECT_FALSE(parsed->email.on_created);
  EXPECT_TRUE(parsed->email.on_escalated);
  EXPECT_TRUE(parsed->email.starttls);
  EXPECT_EQ(parsed->email.ca_file, "/etc/rampart/certs/ca.pem");
  const std::string base = "email:\n  server: smtp://mail.example\n  from: r@cert.example\n  to: soc@cert.example\n";
  ASSERT_TRUE(parse(base + "  starttls: false\n"));
  for (const auto& [yaml, expected] : std::vector<std::pair<std::string, std::string>>{
           {"email:\n  server: http://mail.example\n  from: r@x.example\n  to: a@x.example\n", "smtp:// or smtps://"},
           {"email:\n  server: smtp://mail.example\n  from: r@x.example\n", "to must list"},
           {"email:\n  server: smtp://mail.example\n  from: nobody\n  to: a@x.example\n", "from must be"},
           {base + "  events: [closed]\n", "unknown event \"closed\""},
           {base + "  user: rampart\n", "user and password"},
           {base + "  starttls: maybe\n", "starttls must be"},
           {base + "  to2: x\n", "unknown key to2"}}) {
    auto refused = parse(yaml);
    ASSERT_FALSE(refused) << yaml;
    EXPECT_NE(refused.error().find(expected), std::string::npos) << refused.error();
    EXPECT_NE(refused.error().find("center.yaml"), std::string::npos) << refused.error();
  }
}

}  // namespace
}  // namespace rampart::center::notify
