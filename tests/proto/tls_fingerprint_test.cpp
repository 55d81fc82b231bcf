// Fingerprints and version names of hand-built hellos, and the TLS probe.
#include "proto/tls/tls_fingerprint.hpp"

#include <gtest/gtest.h>

#include "proto/tls/tls_protocol.hpp"

namespace rampart::proto::tls {
namespace {

TEST(TlsFingerprint, GreaseIsDroppedFromJa3) {
  ClientHello hello;
  hello.legacy_version = 0x0303;
  hello.ciphers = {0x0A0A, 0x1301, 0xC02F};
  hello.extensions = {0x1A1A, 0, 10, 11};
  hello.groups = {0x2A2A, 29};
  hello.point_formats = {0};
  Ja3 fp = ja3(hello);
  EXPECT_EQ(fp.text, "771,4865-49199,0-10-11,29,0");
  EXPECT_EQ(fp.hash.size(), 32u);
}

TEST(TlsFingerprint, Ja3OfEmptyLists) {
  ClientHello hello;
  hello.legacy_version = 0x0301;
  EXPECT_EQ(ja3(hello).text, "769,,,,");
  ServerHello server;
  server.legacy_version = 0x0303;
  server.cipher = 0xC030;
  EXPECT_EQ(ja3s(server).text, "771,49200,");
}

TEST(TlsFingerprint, Ja4WithoutExtensionsOrCiphers) {
  ClientHello hello;
  hello.legacy_version = 0x0302;
  EXPECT_EQ(ja4(hello), "t11i000000_000000000000_000000000000");
}

TEST(TlsFingerprint, Ja4AlpnOfNonAlphanumericValueUsesHex) {
  ClientHello hello;
  hello.legacy_version = 0x0303;
  hello.extensions = {16};
  hello.alpns = {std::string("\xab" "x-\x01", 4)};
  EXPECT_EQ(ja4(hello).substr(0, 10), "t12i0001a1");
}

TEST(TlsFingerprint, VersionNames) {
  EXPECT_EQ(version_name(0x0301), "TLSv1");
  EXPECT_EQ(version_name(0x0302), "TLS 1.1");
  EXPECT_EQ(version_name(0x0303), "TLS 1.2");
  EXPECT_EQ(version_name(0x0304), "TLS 1.3");
  EXPECT_EQ(version_name(0x0300), "SSLv3");
  EXPECT_EQ(version_name(0x7F12), "TLS 1.3 draft-18");
}

TEST(TlsProbe, HandshakeRecordsWithAHello) {
  auto probe = tls_protocol().probe;
  auto run = [&](std::vector<uint8_t> bytes) { return probe(Direction::ToServer, bytes); };
  EXPECT_EQ(run({}), ProbeResult::NeedMore);
  EXPECT_EQ(run({22}), ProbeResult::NeedMore);
  EXPECT_EQ(run({22, 3, 1, 0, 5}), ProbeResult::NeedMore);
  EXPECT_EQ(run({22, 3, 1, 0, 5, 1}), ProbeResult::Match);
  EXPECT_EQ(run({22, 3, 3, 0, 5, 2}), ProbeResult::Match);
  EXPECT_EQ(run({22, 3, 3, 0, 5, 11}), ProbeResult::NoMatch);
  EXPECT_EQ(run({22, 2, 3, 0, 5, 1}), ProbeResult::NoMatch);
  EXPECT_EQ(run({'G', 'E', 'T'}), ProbeResult::NoMatch);
}

}  // namespace
}  // namespace rampart::proto::tls
