// The rule buffers of HTTP/1 transactions, read from the parser's transactions
// after it was fed the request and response bytes: their exact contents as
// Suricata 8 builds them, absent buffers, and the order of multi-valued ones.
#include <gtest/gtest.h>

#include "buffer_capture.hpp"
#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

using buffer_test::BufferSink;
using buffer_test::Buffers;
using buffer_test::Values;

const std::vector<std::string> kNames = {
    "http.uri",          "http.uri.raw",        "http.method",         "http.protocol",     "http.request_line",
    "http.response_line", "http.host",          "http.host.raw",       "http.user_agent",   "http.referer",
    "http.accept",       "http.accept_enc",     "http.accept_lang",    "http.connection",   "http.content_len",
    "http.content_type", "http.cookie",         "http.location",       "http.server",       "http.stat_code",
    "http.stat_msg",     "http.request_body",   "http.response_body",  "file.data",         "http.header",
    "http.header.raw",   "http.request_header", "http.response_header", "http.header_names", "http.start",
};

// Feeds the request, then the response, in pieces of `piece` bytes; returns the one transaction's buffers.
Buffers run(std::string_view request, std::string_view response, size_t piece = SIZE_MAX) {
  HttpConnection c;
  BufferSink sink(kNames);
  for (auto [dir, text] : {std::pair{Direction::ToServer, request}, std::pair{Direction::ToClient, response}}) {
    for (size_t at = 0; at < text.size(); at += piece)
      EXPECT_TRUE(c.parse(dir, testing::bytes(text.substr(at, piece)), sink));
  }
  c.finish(sink);
  EXPECT_EQ(sink.transactions.size(), 1u);
  return sink.transactions.empty() ? Buffers{} : sink.transactions.front();
}

constexpr std::string_view kRequestHead =
    "GET /a/./b/../c%20d?x=%41 HTTP/1.1\r\n"
    "Host: WWW.Example.COM:8080\r\n"
    "User-Agent: curl/8.0\r\n"
    "Accept: */*\r\n"
    "Accept-Encoding: gzip\r\n"
    "Accept-Language: en-US\r\n"
    "Referer: http://r/\r\n"
    "Cookie: k=v\r\n"
    "Connection: keep-alive\r\n"
    "\r\n";

constexpr std::string_view kResponse =
    "HTTP/1.1 302 Found\r\n"
    "Server: nginx\r\n"
    "Location: /new\r\n"
    "Set-Cookie: s=1\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Length: 5\r\n"
    "Connection: close\r\n"
    "\r\n"
    "hello";

TEST(Http1Buffers, RequestLineAndHostBuffers) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.uri"], Values{"/a/c d?x=A"});
  EXPECT_EQ(b["http.uri.raw"], Values{"/a/./b/../c%20d?x=%41"});
  EXPECT_EQ(b["http.method"], Values{"GET"});
  EXPECT_EQ(b["http.request_line"], Values{"GET /a/./b/../c%20d?x=%41 HTTP/1.1"});
  EXPECT_EQ(b["http.protocol"], (Values{"HTTP/1.1", "HTTP/1.1"}));
  EXPECT_EQ(b["http.host"], Values{"www.example.com"});
  EXPECT_EQ(b["http.host.raw"], Values{"WWW.Example.COM:8080"});
}

TEST(Http1Buffers, SingleHeaderValues) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.user_agent"], Values{"curl/8.0"});
  EXPECT_EQ(b["http.accept"], Values{"*/*"});
  EXPECT_EQ(b["http.accept_enc"], Values{"gzip"});
  EXPECT_EQ(b["http.accept_lang"], Values{"en-US"});
  EXPECT_EQ(b["http.referer"], Values{"http://r/"});
  EXPECT_EQ(b["http.server"], Values{"nginx"});
  EXPECT_EQ(b["http.location"], Values{"/new"});
  EXPECT_EQ(b["http.response_line"], Values{"HTTP/1.1 302 Found"});
  EXPECT_EQ(b["http.stat_code"], Values{"302"});
  EXPECT_EQ(b["http.stat_msg"], Values{"Found"});
}

TEST(Http1Buffers, BothDirectionsGiveTheRequestsValueFirst) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.connection"], (Values{"keep-alive", "close"}));
  EXPECT_EQ(b["http.cookie"], (Values{"k=v", "s=1"}));
  // Only the response has these: its value is the first.
  EXPECT_EQ(b["http.content_type"], Values{"text/html; charset=utf-8"});
  EXPECT_EQ(b["http.content_len"], Values{"5"});
}

TEST(Http1Buffers, BodiesAndFileData) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.request_body"], Values{});
  EXPECT_EQ(b["http.response_body"], Values{"hello"});
  EXPECT_EQ(b["file.data"], Values{"hello"});

  b = run("POST /up HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\na=1&b=2",
          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  EXPECT_EQ(b["http.request_body"], Values{"a=1&b=2"});
  EXPECT_EQ(b["http.response_body"], Values{"ok"});
  EXPECT_EQ(b["file.data"], (Values{"ok", "a=1&b=2"}));
  EXPECT_EQ(b["http.content_type"], Values{"application/x-www-form-urlencoded"});
  EXPECT_EQ(b["http.content_len"], (Values{"7", "2"}));

  b = run("PUT /f HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", "HTTP/1.1 204 No Content\r\n\r\n");
  EXPECT_EQ(b["http.response_body"], Values{});
  EXPECT_EQ(b["file.data"], Values{"abc"}) << "the request body is the only value";
}

TEST(Http1Buffers, NormalizedHeaderBlocksLeaveTheCookieOut) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.header"],
            (Values{"Host: WWW.Example.COM:8080\r\nUser-Agent: curl/8.0\r\nAccept: */*\r\nAccept-Encoding: gzip\r\n"
                    "Accept-Language: en-US\r\nReferer: http://r/\r\nConnection: keep-alive\r\n",
                    "Server: nginx\r\nLocation: /new\r\nContent-Type: text/html; charset=utf-8\r\n"
                    "Content-Length: 5\r\nConnection: close\r\n"}));
}

TEST(Http1Buffers, RawHeaderBlocksAreAsSent) {
  Buffers b = run(kRequestHead, kResponse);
  std::string_view request_block = kRequestHead.substr(kRequestHead.find("\r\n") + 2);
  std::string_view response_block = kResponse.substr(kResponse.find("\r\n") + 2);
  response_block = response_block.substr(0, response_block.find("\r\n\r\n") + 4);
  EXPECT_EQ(b["http.header.raw"], (Values{std::string(request_block), std::string(response_block)}));

  // Bare LF line endings and spacing stay as they were.
  b = run("GET / HTTP/1.0\nX-A:   1  \n\n", "HTTP/1.0 200 OK\nContent-Length: 0\n\n");
  EXPECT_EQ(b["http.header.raw"], (Values{"X-A:   1  \n\n", "Content-Length: 0\n\n"}));
  EXPECT_EQ(b["http.header"], (Values{"X-A: 1\r\n", "Content-Length: 0\r\n"}));
}

TEST(Http1Buffers, OneValuePerHeaderField) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.request_header"],
            (Values{"Host: WWW.Example.COM:8080", "User-Agent: curl/8.0", "Accept: */*", "Accept-Encoding: gzip",
                    "Accept-Language: en-US", "Referer: http://r/", "Cookie: k=v", "Connection: keep-alive"}));
  EXPECT_EQ(b["http.response_header"],
            (Values{"Server: nginx", "Location: /new", "Set-Cookie: s=1", "Content-Type: text/html; charset=utf-8",
                    "Content-Length: 5", "Connection: close"}));
}

TEST(Http1Buffers, HeaderNamesAndStart) {
  Buffers b = run(kRequestHead, kResponse);
  EXPECT_EQ(b["http.header_names"],
            (Values{"\r\nHost\r\nUser-Agent\r\nAccept\r\nAccept-Encoding\r\nAccept-Language\r\nReferer\r\nCookie\r\n"
                    "Connection\r\n\r\n",
                    "\r\nServer\r\nLocation\r\nSet-Cookie\r\nContent-Type\r\nContent-Length\r\nConnection\r\n\r\n"}));
  ASSERT_EQ(b["http.start"].size(), 2u);
  EXPECT_EQ(b["http.start"][0], kRequestHead);
  EXPECT_EQ(b["http.start"][1], kResponse.substr(0, kResponse.find("\r\n\r\n") + 4));
}

TEST(Http1Buffers, AbsentFieldsHaveNoValue) {
  Buffers b = run("GET / HTTP/1.1\r\nHost: h\r\nUser-Agent:\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(b["http.user_agent"], Values{""}) << "an empty field is an empty buffer";
  for (const char* name : {"http.referer", "http.accept", "http.accept_enc", "http.accept_lang", "http.cookie",
                           "http.connection", "http.content_type", "http.location", "http.server", "http.request_body",
                           "http.response_body", "file.data"})
    EXPECT_EQ(b[name], Values{}) << name;
  EXPECT_EQ(b["http.content_len"], Values{"0"});
  EXPECT_EQ(b["http.header_names"], (Values{"\r\nHost\r\nUser-Agent\r\n\r\n", "\r\nContent-Length\r\n\r\n"}));
}

TEST(Http1Buffers, RequestWithoutResponse) {
  Buffers b = run("GET /x HTTP/1.0\r\n\r\n", "");
  EXPECT_EQ(b["http.protocol"], Values{"HTTP/1.0"});
  EXPECT_EQ(b["http.header.raw"], Values{"\r\n"});
  EXPECT_EQ(b["http.start"], Values{"GET /x HTTP/1.0\r\n"}) << "no closing CRLF without fields";
  for (const char* name : {"http.response_line", "http.stat_code", "http.stat_msg", "http.response_header",
                           "http.host", "http.host.raw", "http.request_header", "http.header", "http.header_names"})
    EXPECT_EQ(b[name], Values{}) << name;
}

TEST(Http1Buffers, EmptyHeaderBlockBuffersAreSkipped) {
  Buffers b = run("GET / HTTP/1.1\r\nCookie: c=1\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(b["http.header"], Values{"Content-Length: 0\r\n"}) << "the request's holds only its cookie";
  EXPECT_EQ(b["http.cookie"], Values{"c=1"});

  b = run("GET / HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 304 Not Modified\r\n\r\n");
  EXPECT_EQ(b["http.header_names"], Values{"\r\nHost\r\n\r\n"});
  EXPECT_EQ(b["http.header"], Values{"Host: h\r\n"});
  EXPECT_EQ(b["http.header.raw"], (Values{"Host: h\r\n\r\n", "\r\n"}));
  EXPECT_EQ(b["http.start"], (Values{"GET / HTTP/1.1\r\nHost: h\r\n\r\n", "HTTP/1.1 304 Not Modified\r\n"}));
}

TEST(Http1Buffers, AbsoluteTargetGivesTheHosts) {
  Buffers b = run("GET http://user@Proxy.Example:3128/p?q HTTP/1.1\r\nHost: other\r\n\r\n",
                  "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(b["http.host"], Values{"proxy.example"});
  EXPECT_EQ(b["http.host.raw"], Values{"proxy.example"}) << "Suricata takes it from the normalized URI";
  EXPECT_EQ(b["http.uri"], Values{"/p?q"});
  EXPECT_EQ(b["http.uri.raw"], Values{"http://user@Proxy.Example:3128/p?q"});

  b = run("CONNECT [2001:db8::1]:443 HTTP/1.1\r\n\r\n", "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(b["http.host.raw"], Values{"[2001:db8::1]"});
}

TEST(Http1Buffers, RepeatedFieldsAreMerged) {
  Buffers b = run("GET / HTTP/1.1\r\nUser-Agent: a\r\nuser-agent: b\r\n\r\n",
                  "HTTP/1.1 200 OK\r\nSet-Cookie: x=1\r\nSet-Cookie: y=2\r\nContent-Length: 0\r\n\r\n");
  EXPECT_EQ(b["http.user_agent"], Values{"a, b"});
  EXPECT_EQ(b["http.request_header"], Values{"User-Agent: a, b"});
  EXPECT_EQ(b["http.cookie"], Values{"x=1, y=2"});
  EXPECT_EQ(b["http.header"], (Values{"User-Agent: a, b\r\n", "Content-Length: 0\r\n"}));
}

TEST(Http1Buffers, ResponseWithoutRequest) {
  Buffers b = run("", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi");
  EXPECT_EQ(b["http.protocol"], Values{"HTTP/1.1"}) << "the response's is the only value";
  EXPECT_EQ(b["http.header"], Values{"Content-Length: 2\r\n"});
  EXPECT_EQ(b["http.start"], Values{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"});
  EXPECT_EQ(b["file.data"], Values{"hi"});
  for (const char* name : {"http.method", "http.uri", "http.uri.raw", "http.request_line", "http.request_header"})
    EXPECT_EQ(b[name], Values{}) << name;
}

TEST(Http1Buffers, Http09ExchangeHasNoHeaderBlocks) {
  Buffers b = run("GET /old\r\n", "<html>old</html>\n");
  EXPECT_EQ(b["http.request_line"], Values{"GET /old"});
  EXPECT_EQ(b["http.uri"], Values{"/old"});
  EXPECT_EQ(b["http.protocol"], Values{});
  EXPECT_EQ(b["http.header.raw"], Values{}) << "the request has no header lines and no empty line";
  EXPECT_EQ(b["http.start"], Values{"GET /old\r\n"});
  EXPECT_EQ(b["http.response_line"], Values{});
  EXPECT_EQ(b["http.stat_code"], Values{});
  EXPECT_EQ(b["file.data"], Values{"<html>old</html>\n"});
}

TEST(Http1Buffers, MutatedExchangesKeepEveryBufferReadable) {
  std::mt19937 rng(1);
  const std::vector<uint8_t> request(kRequestHead.begin(), kRequestHead.end());
  const std::vector<uint8_t> response(kResponse.begin(), kResponse.end());
  size_t transactions = 0;
  for (int round = 0; round < 300; ++round) {
    HttpConnection c;
    BufferSink sink(kNames);
    std::vector<uint8_t> req = buffer_test::mutated(request, rng), res = buffer_test::mutated(response, rng);
    if (c.parse(Direction::ToServer, req, sink)) c.parse(Direction::ToClient, res, sink);
    c.finish(sink);
    transactions += sink.transactions.size();
  }
  EXPECT_GT(transactions, 150u) << "most mutated exchanges still make a transaction";
}

TEST(Http1Buffers, SameBuffersWhateverTheSplit) {
  Buffers whole = run(kRequestHead, kResponse);
  for (size_t piece : {1u, 7u, 64u}) EXPECT_EQ(run(kRequestHead, kResponse, piece), whole) << piece;
}

}  // namespace
}  // namespace rampart::proto::http1

namespace rampart::proto::http1 {
namespace {

// What one side's view of a transaction reads: a buffer both messages have
// (file.data, the header blocks, Content-Type ...) is that side's message only;
// a one-sided buffer is the same from either side.
TEST(Http1SideBuffers, EachSideSeesItsOwnMessage) {
  HttpConnection c;
  testing::RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "POST /u HTTP/1.1\r\nHost: h\r\nContent-Type: a/b\r\nContent-Length: 2\r\n\r\nup", sink));
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 200 OK\r\nContent-Type: c/d\r\nContent-Length: 4\r\n\r\ndown", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  HttpEveRecord record(sink.txs[0]);
  ASSERT_TRUE(record.two_sided());
  auto text = [&](std::string_view name, Direction side) {
    auto value = record.side_buffer(name, 0, side);
    return value ? std::string(reinterpret_cast<const char*>(value->data()), value->size()) : std::string("<none>");
  };
  EXPECT_EQ(text("file.data", Direction::ToServer), "up");
  EXPECT_EQ(text("file.data", Direction::ToClient), "down");
  EXPECT_EQ(text("http.content_type", Direction::ToServer), "a/b");
  EXPECT_EQ(text("http.content_type", Direction::ToClient), "c/d");
  EXPECT_EQ(text("http.header", Direction::ToClient), "Content-Type: c/d\r\nContent-Length: 4\r\n");
  EXPECT_EQ(text("http.uri", Direction::ToClient), "/u");
  EXPECT_EQ(text("http.stat_code", Direction::ToServer), "200");
  EXPECT_FALSE(record.side_buffer("file.data", 1, Direction::ToClient)) << "one value per side";
}

}  // namespace
}  // namespace rampart::proto::http1
