// The control socket's protocol without a socket: handshake, commands one per line
// or back to back, split anywhere, and NOK answers to malformed input.
#include "sensor/control_protocol.hpp"

#include <gtest/gtest.h>

#include <sstream>

namespace rampart::sensor {
namespace {

class RecordingCommands final : public ControlCommands {
 public:
  ControlReply run(std::string_view command, const nlohmann::json& arguments) override {
    seen.emplace_back(command);
    if (command == "fail") return {false, "it failed"};
    return {true, arguments.empty() ? nlohmann::json(std::string(command)) : arguments};
  }
  std::vector<std::string> seen;
};

std::vector<nlohmann::json> replies(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

TEST(ControlSession, HandshakeThenCommands) {
  RecordingCommands commands;
  ControlSession session(commands);
  auto hello = replies(session.feed(R"({"version": "0.2"})"));
  ASSERT_EQ(hello.size(), 1u);
  EXPECT_EQ(hello[0], (nlohmann::json{{"return", "OK"}}));
  auto r = replies(session.feed("{\"command\": \"uptime\"}\n{\"command\": \"fail\"}\n"));
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0]["return"], "OK");
  EXPECT_EQ(r[0]["message"], "uptime");
  EXPECT_EQ(r[1]["return"], "NOK");
  EXPECT_EQ(r[1]["message"], "it failed");
  EXPECT_EQ(commands.seen, (std::vector<std::string>{"uptime", "fail"}));
  EXPECT_FALSE(session.closed());
}

TEST(ControlSession, MessagesSplitAnywhereAndBackToBack) {
  RecordingCommands commands;
  ControlSession session(commands);
  std::string input = R"({"version":"0.2"}{"command":"ruleset-stats","arguments":{"x":"y"}})";
  std::string out;
  for (char c : input) out += session.feed(std::string_view(&c, 1));
  auto r = replies(out);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[1]["message"], (nlohmann::json{{"x", "y"}}));
}

TEST(ControlSession, MalformedCommandsGetNokAndTheSessionGoesOn) {
  RecordingCommands commands;
  ControlSession session(commands);
  session.feed("{\"version\": \"0.2\"}\n");
  auto r = replies(session.feed("{\"command\": 1,\n{\"nocommand\": true}\n[1,2]\n{\"command\":\"x\",\"arguments\":3}\n"
                                "{\"command\": \"version\"}\n"));
  ASSERT_EQ(r.size(), 5u) << r.size();
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(r[i]["return"], "NOK") << i;
    EXPECT_TRUE(r[i]["message"].is_string()) << i;
  }
  EXPECT_NE(r[0]["message"].get<std::string>().find("invalid JSON"), std::string::npos);
  EXPECT_EQ(r[4]["return"], "OK");
  EXPECT_EQ(commands.seen, std::vector<std::string>{"version"});
  EXPECT_FALSE(session.closed());
}

TEST(ControlSession, BadHandshakeClosesTheSession) {
  RecordingCommands commands;
  ControlSession wrong_version(commands);
  auto r = replies(wrong_version.feed("{\"version\": \"9.9\"}\n{\"command\": \"shutdown\"}\n"));
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0]["return"], "NOK");
  EXPECT_TRUE(wrong_version.closed());
  ControlSession no_handshake(commands);
  no_handshake.feed("{\"command\": \"shutdown\"}\n");
  EXPECT_TRUE(no_handshake.closed());
  ControlSession garbage(commands);
  EXPECT_EQ(replies(garbage.feed("hello\n"))[0]["return"], "NOK");
  EXPECT_TRUE(garbage.closed());
  EXPECT_TRUE(commands.seen.empty());
}

TEST(ControlSession, OversizedMessageIsRefused) {
  RecordingCommands commands;
  ControlSession session(commands);
  session.feed("{\"version\": \"0.2\"}");
  std::string out = session.feed("{\"command\": \"" + std::string(ControlSession::kMaxMessageBytes + 1, 'a'));
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(replies(out)[0]["return"], "NOK");
  EXPECT_TRUE(session.closed());
}

}  // namespace
}  // namespace rampart::sensor
