// End to end: `rampart center serve` with e-mail notifications in center.yaml and no
// webhook, against the SMTP sink of the tests: an incident an analyst opens is
// mailed, and so is its escalation, each with its envelope and subject.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "center_support/smtp_sink.hpp"
#include "integration/center_http_client.hpp"
#include "integration/center_process.hpp"

namespace rampart::testing {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

TEST(CenterEmail, IncidentsAreMailedWhenCreatedAndEscalated) {
  auto dir = fs::temp_directory_path() / fmt::format("rampart-center-email-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto store = sqlite_store_args(dir);
  auto analyst = run_center_cli("user add ana --role analyst " + store, "s3cret pass\n");
  ASSERT_EQ(analyst.exit_code, 0);
  center::testing::SmtpSink sink({"250 recipient ok"});
  std::ofstream(dir / "center.yaml") << fmt::format(
      "notifications:\n  first-retry-ms: 50\n  email:\n    server: smtp://127.0.0.1:{}\n    starttls: false\n"
      "    from: rampart@cert.example\n    to: [soc@cert.example]\n    link: https://center.example/incidents/{{id}}\n",
      sink.port());
  CenterServer server(store, "-c '" + (dir / "center.yaml").string() + "'");
  ASSERT_TRUE(server.started()) << server.log();
  CenterClient client(server.port());
  auto created = client.send("POST", "/api/v1/incidents", analyst.out,
                             R"({"title": "substation breach", "category": "harmful-program", "level": "II"})",
                             {{"Content-Type", "application/json"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 201u) << created->body;
  auto id = json::parse(created->body).at("id").get<int64_t>();
  auto mails = sink.wait_for(1);
  ASSERT_EQ(mails.size(), 1u) << server.log();
  EXPECT_EQ(mails[0].mail_from, "FROM:<rampart@cert.example>");
  EXPECT_EQ(mails[0].rcpt_to, std::vector<std::string>{"TO:<soc@cert.example>"});
  EXPECT_NE(mails[0].data.find("Subject: [Rampart] New level II (major) incident: substation breach\r\n"),
            std::string::npos)
      << mails[0].data;
  EXPECT_NE(mails[0].data.find(fmt::format("Link:     https://center.example/incidents/{}\r\n", id)), std::string::npos)
      << mails[0].data;
  auto escalated = client.send("PATCH", fmt::format("/api/v1/incidents/{}", id), analyst.out,
                               R"({"level": "I", "reason": "the grid operator lost control"})",
                               {{"Content-Type", "application/json"}});
  ASSERT_TRUE(escalated);
  ASSERT_EQ(escalated->status, 200u) << escalated->body;
  mails = sink.wait_for(2);
  ASSERT_EQ(mails.size(), 2u) << server.log();
  EXPECT_NE(mails[1].data.find("Subject: [Rampart] Escalated level I (particularly major) incident: substation breach"),
            std::string::npos)
      << mails[1].data;
  EXPECT_NE(mails[1].data.find("was escalated from level II to level I."), std::string::npos) << mails[1].data;
  EXPECT_EQ(server.stop(), 0) << server.log();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace rampart::testing
