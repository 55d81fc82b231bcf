// Application-layer frames: FrameWindow, and the frames the DNS, SSH and HTTP/1
// parsers report (names, ids, stream offsets, bytes), wherever the input is split,
// and none while the sink does not want them.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "dns_test_support.hpp"
#include "frame_test_support.hpp"
#include "proto/dns/dns_protocol.hpp"
#include "proto/frame_window.hpp"
#include "proto/http1/http_protocol.hpp"
#include "proto/ssh/ssh_protocol.hpp"
#include "tls_test_support.hpp"

namespace rampart::proto {
namespace {

using namespace frame_test;

TEST(FrameWindow, KeepsAFramesBytesAcrossFeeds) {
  FrameWindow w;
  w.feed(span_of("xxGET "), true);
  w.start(2);
  w.feed(span_of("/ HTTP/1.0\r\n\r\nGET"), true);
  auto bytes = w.finish(20);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "GET / HTTP/1.0\r\n\r\n");
  EXPECT_FALSE(w.open());
  w.start(20);
  w.feed(span_of(" /2"), true);
  bytes = w.finish(w.position());
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "GET /2");
}

TEST(FrameWindow, KeepsNothingWhenNotWantedOrAfterAGap) {
  FrameWindow w;
  w.feed(span_of("abc"), false);
  w.start(0);
  EXPECT_TRUE(w.finish(3).empty());
  w.feed(span_of("def"), true);
  w.start(3);
  w.skip(5);
  EXPECT_FALSE(w.open());
  EXPECT_EQ(w.position(), 11u);
}

TEST(FrameWindow, KeepsAtMostItsLimit) {
  FrameWindow w;
  const std::string big(FrameWindow::kMaxKept + 100, 'A');
  w.feed(span_of(big), true);
  w.start(0);
  EXPECT_EQ(w.finish(big.size()).size(), FrameWindow::kMaxKept);
}

TEST(DnsFrames, OneFramePerDatagramWithoutOffset) {
  dns_test::MessageBuilder query;
  query.header(7, dns_test::kQueryFlags, 1).question("example.com", 1);
  auto frames = frames_of(dns::dns_protocol(), false, Direction::ToServer, query.bytes());
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].name, "dns.pdu");
  EXPECT_EQ(frames[0].id, 1u);
  EXPECT_FALSE(frames[0].offset);
  EXPECT_EQ(frames[0].bytes, query.bytes());
  EXPECT_EQ(frames[0].tx_id, 0u);
}

TEST(DnsFrames, TcpMessagesWithoutTheirLengthWhereverSplit) {
  dns_test::MessageBuilder first, second;
  first.header(1, dns_test::kQueryFlags, 1).question("a.example", 1);
  second.header(2, dns_test::kQueryFlags, 1).question("b.example", 28);
  Bytes stream = first.framed();
  const Bytes more = second.framed();
  stream.insert(stream.end(), more.begin(), more.end());
  const auto whole = frames_of(dns::dns_protocol(), true, Direction::ToServer, stream);
  ASSERT_EQ(whole.size(), 2u);
  EXPECT_EQ(whole[0].offset, 2u);
  EXPECT_EQ(whole[0].bytes, first.bytes());
  EXPECT_EQ(whole[1].id, 2u);
  EXPECT_EQ(whole[1].offset, 2 + first.size() + 2);
  EXPECT_EQ(whole[1].bytes, second.bytes());
  for (size_t cut = 1; cut < stream.size(); ++cut)
    EXPECT_EQ(frames_of(dns::dns_protocol(), true, Direction::ToServer, stream, cut), whole) << cut;
}

TEST(SshFrames, EachRecordAsPduHeaderAndData) {
  const Bytes client = tls_test::read_data("ssh_client.bin");
  const auto whole = frames_of(ssh::ssh_protocol(), true, Direction::ToServer, client);
  const auto pdus = FrameSink::frames_named(whole, "ssh.record.pdu");
  ASSERT_GE(pdus.size(), 2u) << "KEXINIT ... NEWKEYS";
  ASSERT_EQ(whole.size(), 3 * pdus.size());
  for (size_t i = 0; i < whole.size(); i += 3) {
    const auto &pdu = whole[i], &hdr = whole[i + 1], &data = whole[i + 2];
    EXPECT_EQ(pdu.id + 1, hdr.id);
    EXPECT_EQ(hdr.bytes.size(), 6u);
    EXPECT_EQ(hdr.offset, pdu.offset);
    EXPECT_EQ(data.offset, *pdu.offset + 6);
    EXPECT_EQ(hdr.bytes.size() + data.bytes.size(), pdu.bytes.size());
    EXPECT_TRUE(std::equal(pdu.bytes.begin(), pdu.bytes.end(), client.begin() + static_cast<std::ptrdiff_t>(*pdu.offset)));
  }
  EXPECT_EQ(whole.back().bytes.size() + 6, pdus.back().bytes.size());
  EXPECT_EQ(whole[whole.size() - 2].bytes.back(), 21) << "the last header is NEWKEYS'";
  for (size_t cut = 1; cut < client.size(); ++cut)
    EXPECT_EQ(frames_of(ssh::ssh_protocol(), true, Direction::ToServer, client, cut), whole) << cut;
}

TEST(SshFrames, NoneWhenNotWanted) {
  EXPECT_TRUE(frames_of(ssh::ssh_protocol(), true, Direction::ToServer, tls_test::read_data("ssh_client.bin"), 0, false)
                  .empty());
}

TEST(HttpFrames, RequestsFromTheirLineToTheEndOfTheirBody) {
  constexpr std::string_view get = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
  constexpr std::string_view post = "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nbody";
  const std::string stream = std::string(get) + "\r\n" + std::string(post);
  const auto whole = frames_of(http1::http_protocol(), true, Direction::ToServer, span_of(stream));
  ASSERT_EQ(whole.size(), 2u);
  EXPECT_EQ(whole[0].name, "http1.request");
  EXPECT_EQ(whole[0].offset, 0u);
  EXPECT_EQ(whole[0].bytes, bytes_of(get));
  EXPECT_EQ(whole[0].tx_id, 0u);
  EXPECT_EQ(whole[1].id, 2u);
  EXPECT_EQ(whole[1].offset, get.size() + 2) << "after the stray CRLF";
  EXPECT_EQ(whole[1].bytes, bytes_of(post));
  EXPECT_EQ(whole[1].tx_id, 1u);
  for (size_t cut = 1; cut < stream.size(); ++cut)
    EXPECT_EQ(frames_of(http1::http_protocol(), true, Direction::ToServer, span_of(stream), cut), whole) << cut;
}

TEST(HttpFrames, ResponsesAndTheirPartBeforeAGap) {
  FrameSink sink;
  auto parser = http1::http_protocol().make_parser(true);
  parser->parse(Direction::ToServer, span_of("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n"), sink);
  constexpr std::string_view first = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";
  parser->parse(Direction::ToClient, span_of(first), sink);
  parser->parse(Direction::ToClient, span_of("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nAAA"), sink);
  parser->gap(Direction::ToClient, 5, sink);
  const auto responses = sink.named("http1.response");
  ASSERT_EQ(responses.size(), 2u);
  EXPECT_EQ(responses[0].bytes, bytes_of(first));
  EXPECT_EQ(responses[1].offset, first.size());
  EXPECT_EQ(std::string(responses[1].bytes.begin(), responses[1].bytes.end()),
            "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nAAA");
  EXPECT_EQ(responses[1].length, responses[1].bytes.size() + 5) << "incomplete: the gap is part of it";
  EXPECT_EQ(responses[1].gaps, (std::vector<std::pair<uint64_t, uint64_t>>{{responses[1].bytes.size(), 5}}));
  EXPECT_EQ(responses[1].tx_id, 1u);
}

}  // namespace
}  // namespace rampart::proto
