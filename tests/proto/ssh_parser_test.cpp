// The SSH parser on generated sessions (tests/tools/make_tls_pcaps.py): banners,
// HASSH of both KEXINITs, splitting at every offset, and invalid banners.
#include "proto/ssh/ssh_parser.hpp"

#include "proto/ssh/ssh_protocol.hpp"
#include "tls_test_support.hpp"

namespace rampart::tls_test {
namespace {

using proto::Direction;

// The server speaks first in SSH.
RecordingSink run(const Bytes& client, const Bytes& server, size_t cut = 0, bool finish = true) {
  return run_split(proto::ssh::ssh_protocol(), Direction::ToClient, server, client, cut, finish);
}

Bytes text(std::string_view s) { return {s.begin(), s.end()}; }

TEST(SshParser, BannersAndHassh) {
  auto sink = run(read_data("ssh_client.bin"), read_data("ssh_server.bin"), 0, false);
  ASSERT_EQ(sink.records.size(), 1u) << "logged once both sides sent NEWKEYS";
  EXPECT_EQ(sink.types[0], "ssh");
  EXPECT_TRUE(sink.anomalies.empty());
  const auto& ssh = sink.records[0]["ssh"];
  EXPECT_EQ(ssh["client"]["proto_version"], "2.0");
  EXPECT_EQ(ssh["client"]["software_version"], "OpenSSH_8.9p1");
  EXPECT_EQ(ssh["server"]["software_version"], "OpenSSH_7.4");
  for (const char* side : {"client", "server"}) {
    std::string prefix = std::string("ssh.") + side + ".hassh.";
    EXPECT_EQ(ssh[side]["hassh"]["hash"], expect_value(prefix + "hash"));
    EXPECT_EQ(ssh[side]["hassh"]["string"], expect_value(prefix + "string"));
  }
}

TEST(SshParser, EncryptedOnceBothSidesSentNewKeys) {
  Bytes client = read_data("ssh_client.bin"), server = read_data("ssh_server.bin");
  RecordingSink sink;
  auto parser = proto::ssh::ssh_protocol().make_parser(true);
  parser->parse(Direction::ToClient, server, sink);
  EXPECT_FALSE(parser->encrypted()) << "only the server sent NEWKEYS";
  parser->parse(Direction::ToServer, std::span<const uint8_t>(client).first(client.size() - 1), sink);
  EXPECT_FALSE(parser->encrypted()) << "the client's NEWKEYS is not complete";
  parser->parse(Direction::ToServer, std::span<const uint8_t>(client).last(1), sink);
  EXPECT_TRUE(parser->encrypted());
}

TEST(SshParser, SameRecordWhereverTheStreamsAreSplit) {
  Bytes client = read_data("ssh_client.bin"), server = read_data("ssh_server.bin");
  auto whole = run(client, server).records;
  ASSERT_EQ(whole.size(), 1u);
  for (size_t cut = 1; cut < std::max(client.size(), server.size()); ++cut) {
    auto sink = run(client, server, cut);
    ASSERT_EQ(sink.records.size(), 1u) << cut;
    EXPECT_EQ(sink.records[0], whole[0]) << cut;
  }
}

TEST(SshParser, BannerOnlyLoggedAtFinish) {
  auto client = text("SSH-2.0-PuTTY_Release_0.78\r\n"), server = text("SSH-1.99-Cisco-1.25\n");
  EXPECT_TRUE(run(client, server, 0, false).records.empty());
  auto sink = run(client, server);
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["ssh"]["server"]["proto_version"], "1.99");
  EXPECT_EQ(sink.records[0]["ssh"]["server"]["software_version"], "Cisco-1.25");
  EXPECT_FALSE(sink.records[0]["ssh"]["client"].contains("hassh"));
}

TEST(SshParser, LinesBeforeTheServerBannerAreSkipped) {
  auto sink = run(text("SSH-2.0-c\r\n"), text("Welcome\r\nSSH-2.0-s\r\n"));
  ASSERT_EQ(sink.records.size(), 1u);
  EXPECT_EQ(sink.records[0]["ssh"]["server"]["software_version"], "s");
}

TEST(SshParser, InvalidAndLongBanners) {
  RecordingSink sink;
  auto parser = proto::ssh::make_ssh_parser(true);
  EXPECT_FALSE(parser->parse(Direction::ToServer, text("SSH-2.0\r\n"), sink));
  EXPECT_FALSE(parser->parse(Direction::ToClient, text("SSH-2.0-" + std::string(300, 'x')), sink));
  EXPECT_EQ(sink.anomalies, (std::vector<std::string>{"INVALID_BANNER", "LONG_BANNER"}));
}

TEST(SshParser, InvalidPacketLength) {
  RecordingSink sink;
  auto parser = proto::ssh::make_ssh_parser(true);
  Bytes bytes = text("SSH-2.0-x\r\n");
  bytes.insert(bytes.end(), {0x7f, 0, 0, 0, 4});
  EXPECT_FALSE(parser->parse(Direction::ToServer, bytes, sink));
  EXPECT_EQ(sink.anomalies, std::vector<std::string>{"INVALID_RECORD"});
}

TEST(SshProbe, PrefixInEitherDirection) {
  auto probe = proto::ssh::ssh_protocol().probe;
  EXPECT_EQ(probe(Direction::ToServer, text("SS")), proto::ProbeResult::NeedMore);
  EXPECT_EQ(probe(Direction::ToClient, text("SSH-2.0-x")), proto::ProbeResult::Match);
  EXPECT_EQ(probe(Direction::ToServer, text("GET /")), proto::ProbeResult::NoMatch);
}

}  // namespace
}  // namespace rampart::tls_test
