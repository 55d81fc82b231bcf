// The rule buffers of SSH sessions read from the parser's record after it was
// fed the generated session of tests/tools/make_tls_pcaps.py or banners alone.
#include "buffer_capture.hpp"
#include "proto/ssh/ssh_parser.hpp"
#include "tls_test_support.hpp"

namespace rampart::tls_test {
namespace {

using buffer_test::BufferSink;
using buffer_test::Buffers;
using buffer_test::Values;
using proto::Direction;

const std::vector<std::string> kNames = {"ssh.proto",  "ssh.software",     "ssh.hassh",
                                         "ssh.hassh.string", "ssh.hassh.server", "ssh.hassh.server.string"};

Bytes text(std::string_view s) { return {s.begin(), s.end()}; }

// The server speaks first; each side is fed `piece` bytes at a time.
Buffers run(const Bytes& client, const Bytes& server, size_t piece = SIZE_MAX) {
  BufferSink sink(kNames);
  auto parser = proto::ssh::make_ssh_parser(true);
  for (auto [dir, bytes] : {std::pair{Direction::ToClient, &server}, std::pair{Direction::ToServer, &client}}) {
    for (size_t at = 0; at < bytes->size(); at += piece)
      parser->parse(dir, part(*bytes, at, std::min(bytes->size(), at + piece)), sink);
  }
  parser->finish(sink);
  EXPECT_EQ(sink.types, std::vector<std::string>{"ssh"});
  return sink.transactions.empty() ? Buffers{} : sink.transactions.front();
}

TEST(SshBuffers, BannersClientFirst) {
  Buffers b = run(read_data("ssh_client.bin"), read_data("ssh_server.bin"));
  EXPECT_EQ(b["ssh.proto"], (Values{"2.0", "2.0"}));
  EXPECT_EQ(b["ssh.software"], (Values{"OpenSSH_8.9p1", "OpenSSH_7.4"}));
}

TEST(SshBuffers, EachSideSeesItsOwnBanner) {
  BufferSink sink(kNames);
  auto parser = proto::ssh::make_ssh_parser(true);
  parser->parse(Direction::ToClient, read_data("ssh_server.bin"), sink);
  parser->parse(Direction::ToServer, read_data("ssh_client.bin"), sink);
  parser->finish(sink);
  ASSERT_EQ(sink.sides[0].size(), 1u);
  const Buffers& from_client = sink.sides[0][0];
  const Buffers& from_server = sink.sides[1][0];
  EXPECT_EQ(from_client.at("ssh.software"), Values{"OpenSSH_8.9p1"});
  EXPECT_EQ(from_server.at("ssh.software"), Values{"OpenSSH_7.4"});
  EXPECT_EQ(from_client.at("ssh.proto"), Values{"2.0"});
  EXPECT_EQ(from_server.at("ssh.hassh"), Values{expect_value("ssh.client.hassh.hash")})
      << "one-sided buffers are the same from both sides";
}

TEST(SshBuffers, HasshOfEachSide) {
  Buffers b = run(read_data("ssh_client.bin"), read_data("ssh_server.bin"));
  EXPECT_EQ(b["ssh.hassh"], Values{expect_value("ssh.client.hassh.hash")});
  EXPECT_EQ(b["ssh.hassh.string"], Values{expect_value("ssh.client.hassh.string")});
  EXPECT_EQ(b["ssh.hassh.server"], Values{expect_value("ssh.server.hassh.hash")});
  EXPECT_EQ(b["ssh.hassh.server.string"], Values{expect_value("ssh.server.hassh.string")});
}

TEST(SshBuffers, BannersWithoutKexinit) {
  Buffers b = run(text("SSH-2.0-PuTTY_Release_0.78\r\n"), text("SSH-1.99-Cisco-1.25\n"));
  EXPECT_EQ(b["ssh.proto"], (Values{"2.0", "1.99"}));
  EXPECT_EQ(b["ssh.software"], (Values{"PuTTY_Release_0.78", "Cisco-1.25"}));
  for (const char* name : {"ssh.hassh", "ssh.hassh.string", "ssh.hassh.server", "ssh.hassh.server.string"})
    EXPECT_EQ(b[name], Values{}) << name;
}

TEST(SshBuffers, OnlyTheServerSpoke) {
  Buffers b = run({}, text("SSH-2.0-OpenSSH_9.6 Ubuntu-3\r\n"));
  EXPECT_EQ(b["ssh.proto"], Values{"2.0"});
  EXPECT_EQ(b["ssh.software"], Values{"OpenSSH_9.6"});
}

TEST(SshBuffers, MutatedSessionsKeepEveryBufferReadable) {
  std::mt19937 rng(4);
  const Bytes client = read_data("ssh_client.bin"), server = read_data("ssh_server.bin");
  size_t records = 0;
  for (int round = 0; round < 300; ++round) {
    BufferSink sink(kNames);
    auto parser = proto::ssh::make_ssh_parser(true);
    if (parser->parse(Direction::ToClient, buffer_test::mutated(server, rng), sink))
      parser->parse(Direction::ToServer, buffer_test::mutated(client, rng), sink);
    parser->finish(sink);
    records += sink.transactions.size();
  }
  EXPECT_GT(records, 100u) << "many mutated sessions are still logged";
}

TEST(SshBuffers, SameBuffersFedByteByByte) {
  Bytes client = read_data("ssh_client.bin"), server = read_data("ssh_server.bin");
  EXPECT_EQ(run(client, server, 1), run(client, server));
}

}  // namespace
}  // namespace rampart::tls_test
