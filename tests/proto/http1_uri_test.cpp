#include <gtest/gtest.h>

#include "proto/http1/http_protocol.hpp"
#include "proto/http1/http_uri.hpp"
#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

std::string normalized(std::string_view target) { return normalize_uri(split_uri(target, false)).text; }

TEST(Http1Uri, PercentDecodesPathAndQueryButNotPlus) {
  EXPECT_EQ(normalized("/a%20b/%41?x=%41+%7Dk%zz"), "/a b/A?x=A+}k%zz");
  EXPECT_EQ(normalized("/bad%zz%4"), "/bad%zz%4");
}

TEST(Http1Uri, ResolvesDotSegments) {
  EXPECT_EQ(normalized("/a/./b/../c"), "/a/c");
  EXPECT_EQ(normalized("/../../etc/passwd"), "/etc/passwd");
  EXPECT_EQ(normalized("/a/b/.."), "/a/");
  EXPECT_EQ(normalized("/a/%2e%2e/b"), "/b");
  EXPECT_EQ(normalized("/a/."), "/a/");
}

TEST(Http1Uri, KeepsQueryDotSegmentsAndTheFragmentRaw) {
  EXPECT_EQ(normalized("/p?a=../b#frag"), "/p?a=../b#frag");
}

TEST(Http1Uri, AbsoluteFormDropsSchemeAndAuthority) {
  UriParts parts = split_uri("http://user@Host.Example:81/x?y", false);
  EXPECT_EQ(parts.scheme, "http");
  EXPECT_EQ(parts.authority, "user@Host.Example:81");
  EXPECT_EQ(normalize_uri(parts).text, "/x?y");
  Authority a = parse_authority(parts.authority);
  EXPECT_EQ(a.host, "host.example");
  EXPECT_EQ(a.port, 81);
}

TEST(Http1Uri, AuthorityPorts) {
  EXPECT_EQ(parse_authority("[::1]:8080").host, "[::1]");
  EXPECT_EQ(parse_authority("[::1]:8080").port, 8080);
  EXPECT_EQ(parse_authority("h").port, -1);
  EXPECT_FALSE(parse_authority("h:99999").port_valid);
  EXPECT_FALSE(parse_authority("h:8x").port_valid);
}

TEST(Http1Uri, DoubleEncodingIsDetected) {
  EXPECT_TRUE(normalize_uri(split_uri("/a%252e", false)).double_encoded);
  EXPECT_FALSE(normalize_uri(split_uri("/a%2e", false)).double_encoded);
  testing::RecordingSink sink;
  HttpConnection c;
  ASSERT_TRUE(testing::to_server(c, "GET /%2541 HTTP/1.0\r\n\r\n", sink));
  EXPECT_TRUE(sink.has_anomaly("DOUBLE_ENCODED_URI"));
}

TEST(Http1Probe, RecognisesRequestsAndResponses) {
  using testing::bytes;
  EXPECT_EQ(probe_http(Direction::ToServer, bytes("GET / HTTP/1.1\r\n")), ProbeResult::Match);
  EXPECT_EQ(probe_http(Direction::ToServer, bytes("PROPFIND /d")), ProbeResult::Match);
  EXPECT_EQ(probe_http(Direction::ToServer, bytes("PO")), ProbeResult::NeedMore);
  EXPECT_EQ(probe_http(Direction::ToServer, bytes("GETX /")), ProbeResult::NoMatch);
  EXPECT_EQ(probe_http(Direction::ToServer, bytes("\x16\x03\x01")), ProbeResult::NoMatch);
  EXPECT_EQ(probe_http(Direction::ToClient, bytes("HTTP/1.1 200 OK")), ProbeResult::Match);
  EXPECT_EQ(probe_http(Direction::ToClient, bytes("HTT")), ProbeResult::NeedMore);
  EXPECT_EQ(probe_http(Direction::ToClient, bytes("HTTP/2.0")), ProbeResult::NoMatch);
}

TEST(Http1Probe, IsRegisteredForTheUsualPorts) {
  Protocol p = http_protocol();
  EXPECT_EQ(p.name, "http");
  EXPECT_TRUE(p.tcp);
  EXPECT_FALSE(p.udp);
  EXPECT_EQ(p.ports, (std::vector<uint16_t>{80, 8080, 8000, 3128}));
  EXPECT_NE(p.make_parser(true), nullptr);
}

}  // namespace
}  // namespace rampart::proto::http1
