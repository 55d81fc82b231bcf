#include <gtest/gtest.h>

#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

using testing::RecordingSink;
using testing::to_client;
using testing::to_server;

TEST(Http1Request, ParsesRequestAndResponseIntoOneTransaction) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c,
                        "GET /index.html?q=1 HTTP/1.1\r\nHost: WWW.Example.com:8080\r\nUser-Agent: curl/8.0\r\n"
                        "Referer: http://a/\r\nCookie: k=v\r\n\r\n",
                        sink));
  EXPECT_TRUE(sink.txs.empty());
  ASSERT_TRUE(to_client(c,
                        "HTTP/1.1 302 Found\r\nServer: nginx\r\nLocation: /new\r\nContent-Type: text/html; "
                        "charset=utf-8\r\nContent-Length: 5\r\n\r\nhello",
                        sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  const HttpTransaction& tx = sink.txs[0];
  EXPECT_EQ(tx.id, 0u);
  EXPECT_EQ(tx.request.method, "GET");
  EXPECT_EQ(tx.request.uri_raw, "/index.html?q=1");
  EXPECT_EQ(tx.request.protocol, "HTTP/1.1");
  EXPECT_EQ(tx.request.hostname, "www.example.com");
  EXPECT_EQ(tx.request.port, 8080);
  EXPECT_EQ(tx.user_agent(), "curl/8.0");
  EXPECT_EQ(tx.cookie(), "k=v");
  ASSERT_EQ(tx.request.headers.fields().size(), 4u);
  EXPECT_EQ(tx.request.headers.fields()[0].name, "Host");
  EXPECT_EQ(tx.request.headers.fields()[3].value, "k=v");
  EXPECT_EQ(tx.request.headers.raw(),
            "Host: WWW.Example.com:8080\r\nUser-Agent: curl/8.0\r\nReferer: http://a/\r\nCookie: k=v\r\n");
  EXPECT_EQ(tx.response.status, 302);
  EXPECT_EQ(tx.response.message, "Found");
  EXPECT_EQ(tx.server(), "nginx");
  EXPECT_EQ(tx.response.body, "hello");
  EXPECT_EQ(tx.response.message_length, 5u);
  EXPECT_EQ(sink.eve[0],
            R"({"http":{"hostname":"www.example.com","http_port":8080,"url":"/index.html?q=1",)"
            R"("http_user_agent":"curl/8.0","http_content_type":"text/html","http_refer":"http://a/",)"
            R"("http_method":"GET","protocol":"HTTP/1.1","status":302,"redirect":"/new","length":5}})");
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST(Http1Request, PostBodyIsCapturedUpToTheCap) {
  HttpLimits limits;
  limits.request_body_capture = 4;
  HttpConnection c(limits);
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "POST /up HTTP/1.0\r\nContent-Length: 10\r\n\r\n0123456789", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.body, "0123");
  EXPECT_EQ(sink.txs[0].request.entity_length, 10u);
  EXPECT_EQ(sink.txs[0].response.message_length, 0u);
}

TEST(Http1Request, MissingProtocolStillReadsHeaders) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET /x\r\nUser-Agent: myscript\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.uri_raw, "/x");
  EXPECT_EQ(sink.txs[0].request.protocol, "");
  EXPECT_EQ(sink.txs[0].user_agent(), "myscript");
  EXPECT_TRUE(sink.has_anomaly("REQUEST_LINE_MISSING_PROTOCOL"));
}

TEST(Http1Request, LoneLineWithoutProtocolIsHttp09) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "POST abcd12345\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.uri_raw, "abcd12345");
  EXPECT_TRUE(sink.txs[0].request.complete);
  EXPECT_EQ(sink.txs[0].response.status, 400);
}

TEST(Http1Request, FoldedAndRepeatedHeaders) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\nX-A: one\r\n  two\r\nX-A: three\r\nBroken\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  const auto& fields = sink.txs[0].request.headers.fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[1].value, "one two, three");
  EXPECT_EQ(fields[2].name, "Broken");
  EXPECT_TRUE(sink.has_anomaly("REQUEST_HEADER_REPETITION"));
  EXPECT_TRUE(sink.has_anomaly("REQUEST_FIELD_MISSING_COLON"));
}

TEST(Http1Request, FoldingWithoutAPreviousFieldIsReported) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\n folded\r\nHost: h\r\n\r\n", sink));
  EXPECT_TRUE(sink.has_anomaly("INVALID_REQUEST_FIELD_FOLDING"));
}

TEST(Http1Request, OverlongLineStopsTheParser) {
  HttpLimits limits;
  limits.max_line = 64;
  HttpConnection c(limits);
  RecordingSink sink;
  EXPECT_FALSE(to_server(c, "GET /" + std::string(100, 'a') + " HTTP/1.1\r\n", sink));
  EXPECT_TRUE(sink.has_anomaly("REQUEST_FIELD_TOO_LONG"));
}

TEST(Http1Request, OverlongHeaderSplitAcrossCallsStopsTheParser) {
  HttpLimits limits;
  limits.max_line = 64;
  HttpConnection c(limits);
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nX: " + std::string(40, 'a'), sink));
  EXPECT_FALSE(to_server(c, std::string(40, 'a'), sink));
  EXPECT_TRUE(sink.has_anomaly("REQUEST_FIELD_TOO_LONG"));
}

TEST(Http1Request, InvalidContentLengthMeansNoBody) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  c.finish(sink);
  EXPECT_TRUE(sink.has_anomaly("INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST"));
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[1].request.uri_raw, "/2");
}

TEST(Http1Request, ConflictingContentLengthsAreReported) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc", sink));
  c.finish(sink);
  EXPECT_TRUE(sink.has_anomaly("DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST"));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.body, "abc");
  EXPECT_TRUE(sink.txs[0].request.complete);
}

TEST(Http1Request, MissingHostInHttp11IsReported) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\n\r\n", sink));
  EXPECT_TRUE(sink.has_anomaly("MISSING_HOST_HEADER"));
}

TEST(Http1Request, AnAuthorizationSchemeLibhtpDoesNotKnowIsReported) {
  for (std::string_view header : {"Turbo customAuthDataHere", "NTLM TlRMTVNTUAAB"}) {
    HttpConnection c;
    RecordingSink sink;
    ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: " + std::string(header) + "\r\n\r\n", sink));
    EXPECT_TRUE(sink.has_anomaly("REQUEST_AUTH_UNRECOGNIZED")) << header;
  }
  for (std::string_view header : {"Basic dXNlcjpwYXNz", "digest username=\"u\"", "Bearer abc"}) {
    HttpConnection c;
    RecordingSink sink;
    ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\nAuthorization: " + std::string(header) + "\r\n\r\n", sink));
    EXPECT_FALSE(sink.has_anomaly("REQUEST_AUTH_UNRECOGNIZED")) << header;
  }
}

TEST(Http1Request, AbsoluteUriGivesTheHostname) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET http://Proxy.Example:3128/a/../b HTTP/1.1\r\nHost: other\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.hostname, "proxy.example");
  EXPECT_EQ(sink.txs[0].request.port, 3128);
  EXPECT_EQ(sink.txs[0].request.uri_normalized, "/b");
}

TEST(Http1Request, UnansweredRequestsAreLoggedAtFlowEnd) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[1].id, 1u);
  EXPECT_FALSE(sink.txs[1].response.started);
  EXPECT_EQ(sink.eve[1], R"({"http":{"hostname":"h","url":"/2","http_method":"GET","protocol":"HTTP/1.1","length":0}})");
}

TEST(Http1Request, TooManyOpenTransactionsStopsTheParser) {
  HttpLimits limits;
  limits.max_open_transactions = 2;
  HttpConnection c(limits);
  RecordingSink sink;
  std::string three;
  for (int i = 0; i < 3; ++i) three += "GET / HTTP/1.0\r\n\r\n";
  EXPECT_FALSE(to_server(c, three, sink));
}

TEST(Http1Request, HeaderBytesAreCapped) {
  HttpLimits limits;
  limits.max_header_bytes = 32;
  HttpConnection c(limits);
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.0\r\nA: 0123456789\r\nB: 0123456789\r\nC: 0123456789\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.headers.fields().size(), 1u);
  EXPECT_TRUE(sink.has_anomaly("REQUEST_TOO_MANY_HEADERS"));
}

TEST(Http1Response, ResponseWithoutRequestIsReported) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", sink));
  EXPECT_TRUE(sink.has_anomaly("UNABLE_TO_MATCH_RESPONSE_TO_REQUEST"));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.status, 200);
}

TEST(Http1Response, InvalidStatusIsLoggedAsString) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.0\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "HTTP/1.0 2XX Odd\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_TRUE(sink.has_anomaly("RESPONSE_INVALID_STATUS"));
  EXPECT_NE(sink.eve[0].find(R"("status_string":"2XX")"), std::string::npos);
}

TEST(Http1Response, Http09ResponseIsBodyUntilClose) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET /\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c, "<html>\r\nbody", sink));
  EXPECT_TRUE(sink.txs.empty());
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "<html>\r\nbody");
  EXPECT_EQ(sink.txs[0].response.message_length, 12u);
}

}  // namespace
}  // namespace rampart::proto::http1

namespace rampart::proto::http1 {
namespace {

TEST(Http1RequestRules, EachRequestIsAnnouncedWhenItCompletesBeforeItsResponse) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nab", sink));
  EXPECT_TRUE(sink.requests_done.empty()) << "the body is still open";
  ASSERT_TRUE(testing::to_server(c, "cdGET /b HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  EXPECT_EQ(sink.requests_done, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(sink.requests_done_uri, (std::vector<std::string>{"/a", "/b"}));
  EXPECT_TRUE(sink.txs.empty()) << "no response yet: nothing is logged";
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_TRUE(sink.txs[0].request.rules_ran);
}

TEST(Http1RequestRules, AnUnfinishedRequestIsNotAnnounced) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "GET /a HTTP/1.1\r\nHost: h\r\n", sink));
  c.finish(sink);
  EXPECT_TRUE(sink.requests_done.empty());
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_FALSE(sink.txs[0].request.rules_ran) << "its rules all run when it is logged";
}

}  // namespace
}  // namespace rampart::proto::http1

namespace rampart::proto::http1 {
namespace {

TEST(Http1RequestFinalize, LinesThatAreNoRequestAreMoreBodyAsLibhtpReadsThem) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c,
                                 "POST /a HTTP/1.1\r\nHost: h\r\n\r\nlogin=foo&password=bar\r\nmore\r\n"
                                 "GET /b HTTP/1.1\r\nHost: h\r\n\r\n",
                                 sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[0].request.body, "login=foo&password=bar\r\nmore\r\n");
  EXPECT_EQ(sink.txs[0].events, (std::vector<std::string>{"REQUEST_BODY_UNEXPECTED"})) << "reported once";
  EXPECT_EQ(sink.txs[1].request.uri_raw, "/b");
  EXPECT_TRUE(sink.txs[1].events.empty());
  EXPECT_EQ(sink.requests_done, (std::vector<uint64_t>{0, 1}));
}

TEST(Http1RequestFinalize, ARequestEndingWithItsSegmentCompletesAtOnce) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  EXPECT_EQ(sink.requests_done, (std::vector<uint64_t>{0}));
  ASSERT_TRUE(testing::to_server(c, "GET /b HTTP/1.1\r\nHost: h\r\n\r\nnot a req", sink));
  EXPECT_EQ(sink.requests_done, (std::vector<uint64_t>{0})) << "the half line may still be body";
  ASSERT_TRUE(testing::to_server(c, "uest\r\n", sink));
  EXPECT_EQ(sink.requests_done, (std::vector<uint64_t>{0, 1}));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[1].request.body, "not a request\r\n");
}

TEST(Http1RequestFinalize, ATransactionCarriesItsRequestAnomalies) {
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "GET / HTTP/1.1\r\nAuthorization: Turbo x\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].events, (std::vector<std::string>{"MISSING_HOST_HEADER", "REQUEST_AUTH_UNRECOGNIZED"}));
}

}  // namespace
}  // namespace rampart::proto::http1
