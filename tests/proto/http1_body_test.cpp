#include <gtest/gtest.h>

#include <algorithm>

#include "http1_sink.hpp"
#include "proto/flow_context.hpp"

namespace rampart::proto::http1 {
namespace {

using testing::answer_get;
using testing::RecordingSink;
using testing::to_client;
using testing::to_server;

TEST(Http1Body, ChunkedWithExtensionsAndTrailers) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c,
                        "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                        "4;name=value\r\nWiki\r\n5\r\npedia\r\n0\r\nX-Trailer: yes\r\n\r\n",
                        sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  const HttpTransaction& tx = sink.txs[0];
  EXPECT_EQ(tx.request.body, "Wikipedia");
  EXPECT_EQ(tx.request.entity_length, 9u);
  EXPECT_EQ(tx.request.headers.value("X-Trailer"), "yes");
  EXPECT_TRUE(sink.has_anomaly("REQUEST_CHUNK_EXTENSION"));
  EXPECT_EQ(tx.response.body, "abc");
  EXPECT_EQ(tx.response.message_length, std::string_view("3\r\nabc\r\n0\r\n\r\n").size());
}

TEST(Http1Body, BadRequestChunkSizeStopsTheParser) {
  HttpConnection c;
  RecordingSink sink;
  EXPECT_FALSE(to_server(c, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", sink));
  EXPECT_TRUE(sink.has_anomaly("INVALID_REQUEST_CHUNK_LEN"));
}

TEST(Http1Body, OverflowingChunkSizeIsInvalid) {
  HttpConnection c;
  RecordingSink sink;
  EXPECT_FALSE(to_server(c, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFFFF\r\n", sink));
  EXPECT_TRUE(sink.has_anomaly("INVALID_REQUEST_CHUNK_LEN"));
}

TEST(Http1Body, BadResponseChunkSizeFallsBackToUntilClose) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nnot-a-size\r\nrest", sink));
  EXPECT_TRUE(sink.has_anomaly("INVALID_RESPONSE_CHUNK_LEN"));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "not-a-size\r\nrest");  // the broken line is body too
  EXPECT_TRUE(sink.txs[0].response.complete);
}

TEST(Http1Body, ChunkSizeLinesAreReadAsLibhtpReadsThem) {
  // Control characters before the digits and anything after them are accepted;
  // whatever follows a chunk's data up to the line end is dropped.
  RecordingSink sink = answer_get(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3x\r\nabcjunk\r\n\r\n \t\v2\r\nde\r\n80000000\r\n0\r\n\r\n");
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "abcde");
  EXPECT_TRUE(sink.txs[0].response.complete);
}

TEST(Http1Body, ChunkedHeaderOverABodyThatIsNotChunkedGivesThePlainBody) {
  RecordingSink sink = answer_get("HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nX5O!P%@AP");
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "X5O!P%@AP");
  EXPECT_TRUE(sink.has_anomaly("INVALID_RESPONSE_CHUNK_LEN"));
}

TEST(Http1Body, TransferEncodingThatMentionsChunkedIsChunked) {
  using namespace std::string_literals;
  for (std::string header : {"Transfer-Encoding: chunked;"s, "Transfer-Encoding: \0chu\0nked"s,
                             "Transfer-Encoding\0: chunked"s, "Transfer-Encoding: \vChunked"s}) {
    RecordingSink sink = answer_get("HTTP/1.1 200 OK\r\n" + header + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    ASSERT_EQ(sink.txs.size(), 1u) << header;
    EXPECT_EQ(sink.txs[0].response.body, "abc") << header;
  }
}

TEST(Http1Body, BodilessStatusWhoseHeadersFrameABodyHasOne) {
  // Browsers read such a body, so libhtp (and Suricata) inspect it.
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c,
                        "HTTP/1.1 204 No Content\r\nContent-Length: 3\r\n\r\nabc"
                        "HTTP/1.1 101 Switching\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n",
                        sink));
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[0].response.body, "abc");
  EXPECT_EQ(sink.txs[1].response.status, 101);
  EXPECT_EQ(sink.txs[1].response.body, "de");
  EXPECT_EQ(std::count(sink.anomalies.begin(), sink.anomalies.end(), "RESPONSE_BODY_UNEXPECTED"), 2);
}

TEST(Http1Body, UnknownTransferEncodingIsReported) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nab", sink));
  EXPECT_TRUE(sink.has_anomaly("INVALID_TRANSFER_ENCODING_VALUE_IN_REQUEST"));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.body, "ab");
}

TEST(Http1Body, HeadAnd204And304HaveNoBody) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c,
                        "HEAD /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n"
                        "GET /c HTTP/1.1\r\nHost: h\r\n\r\nGET /d HTTP/1.1\r\nHost: h\r\n\r\n",
                        sink));
  ASSERT_TRUE(to_client(c,
                        "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n"
                        "HTTP/1.1 204 No Content\r\n\r\n"
                        "HTTP/1.1 304 Not Modified\r\n\r\n"
                        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nend",
                        sink));
  ASSERT_EQ(sink.txs.size(), 4u);
  EXPECT_EQ(sink.txs[0].response.message_length, 0u);
  EXPECT_EQ(sink.txs[1].response.status, 204);
  EXPECT_EQ(sink.txs[2].response.status, 304);
  EXPECT_EQ(sink.txs[3].response.body, "end");
  EXPECT_FALSE(sink.has_anomaly("RESPONSE_BODY_UNEXPECTED"));
}

TEST(Http1Body, InterimContinueResponseIsSkipped) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 100 Continue\r\n\r\n", sink));
  ASSERT_TRUE(to_server(c, "hi", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.status, 201);
  EXPECT_EQ(sink.txs[0].request.body, "hi");
  EXPECT_FALSE(sink.has_anomaly("100_CONTINUE_ALREADY_SEEN"));
}

TEST(Http1Body, ConnectAcceptedTurnsIntoATunnel) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 Connection established\r\n\r\n\x16\x03\x03garbage", sink));
  ASSERT_TRUE(to_server(c, "not http at all\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.hostname, "example.com");
  EXPECT_EQ(sink.txs[0].request.port, 443);
  EXPECT_TRUE(sink.anomalies.empty());
  // The tunnel's bytes are handed on for protocol detection, each side's as it came.
  EXPECT_EQ(c.upgrade(), kDetectAgain);
  EXPECT_EQ(c.take_handover(Direction::ToServer), "\x16\x03\x01");
  EXPECT_EQ(c.take_handover(Direction::ToClient), "\x16\x03\x03garbage");
}

TEST(Http1Body, HttpInsideAConnectTunnelStartsAFreshParser) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "CONNECT abc:443 HTTP/1.1\r\n\r\nGET /inner HTTP/1.1\r\nHost: abc\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi", sink));
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[0].id, 0u);
  EXPECT_EQ(sink.txs[0].request.method, "CONNECT");
  EXPECT_EQ(sink.txs[1].id, 0u);
  EXPECT_EQ(sink.txs[1].request.uri_raw, "/inner");
  EXPECT_EQ(sink.txs[1].response.body, "hi");
  EXPECT_FALSE(sink.has_anomaly("MISSING_HOST_HEADER"));
}

TEST(Http1Body, TunnelledRequestAfterAStrayNewlineAndSplitInItsMethodIsFound) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "CONNECT abc:443 HTTP/1.1\r\n\r\n\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\n\r\n", sink));
  ASSERT_TRUE(to_server(c, "GE", sink));
  ASSERT_TRUE(to_server(c, "T / HTTP/1.1\r\nHost: abc\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[1].request.method, "GET");
  EXPECT_EQ(sink.txs[1].response.status, 200);
}

TEST(Http1Body, ConnectRefusedResumesParsing) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\nGET /next HTTP/1.1\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 407 Proxy Auth\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_TRUE(to_server(c, "Host: h\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[0].response.status, 407);
  EXPECT_EQ(sink.txs[1].request.uri_raw, "/next");
  EXPECT_EQ(sink.txs[1].response.status, 200);
}

TEST(Http1Body, UpgradeSwitchesProtocols) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\x81\x05hello", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.status, 101);
  ASSERT_TRUE(to_server(c, "\x81\x85garbage", sink));
  c.finish(sink);
  EXPECT_EQ(sink.txs.size(), 1u);
}

TEST(Http1Body, GapInsideAContentLengthBodyIsSkipped) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", sink));
  c.gap(Direction::ToClient, 4, sink);
  ASSERT_TRUE(to_client(c, "xyz", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.message_length, 10u);
  EXPECT_EQ(sink.txs[0].response.body, "abcxyz");
}

TEST(Http1Body, ConfiguredBodyLimitsBoundWhatIsKept) {
  AppLayerSettings settings;
  settings.http_request_body_limit = 5;
  settings.http_response_body_limit = 0;  // Suricata's "unlimited": the largest kept
  FlowContext context;
  context.settings = &settings;
  HttpConnection c;
  c.attach(context);
  RecordingSink sink;
  const std::string answer(200 * 1024, 'a');
  ASSERT_TRUE(to_server(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9\r\n\r\nWikipedia", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 204800\r\n\r\n" + answer, sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.body, "Wikip");
  EXPECT_EQ(sink.txs[0].request.entity_length, 9u);
  EXPECT_EQ(sink.txs[0].response.body.size(), answer.size());
}

TEST(Http1Body, BodiesAreKeptUpToSuricatasDefaultLimit) {
  const std::string answer(150 * 1024, 'b');
  RecordingSink sink = answer_get("HTTP/1.1 200 OK\r\nContent-Length: 153600\r\n\r\n" + answer);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body.size(), 100u * 1024);
  EXPECT_EQ(sink.txs[0].response.entity_length, answer.size());
}

}  // namespace
}  // namespace rampart::proto::http1
