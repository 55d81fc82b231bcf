// What follows a response's body (libhtp's finalize step), and request rules that
// wait for the client's next packet.
#include <gtest/gtest.h>

#include <initializer_list>
#include <vector>

#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

using testing::RecordingSink;

// The requests, then the server's bytes in `segments`; transactions logged after
// each segment are counted in `logged`, and the connection closes.
RecordingSink exchange(std::string_view requests, std::initializer_list<std::string_view> segments,
                       std::vector<size_t>* logged = nullptr) {
  HttpConnection c;
  RecordingSink sink;
  EXPECT_TRUE(testing::to_server(c, requests, sink));
  for (std::string_view segment : segments) {
    EXPECT_TRUE(testing::to_client(c, segment, sink));
    if (logged != nullptr) logged->push_back(sink.txs.size());
  }
  c.finish(sink);
  return sink;
}

TEST(Http1ResponseFinalize, LineEndAfterTheBodyIsMoreBody) {
  std::vector<size_t> logged;
  auto sink = exchange("GET /1 HTTP/1.0\r\n\r\nGET /2 HTTP/1.0\r\n\r\n",
                       {"HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nHello World!\r\n",
                        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"},
                       &logged);
  EXPECT_EQ(logged, (std::vector<size_t>{1, 2})) << "a response ending with its segment is complete";
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[0].response.body, "Hello World!\r\n");
  EXPECT_EQ(sink.txs[0].response.entity_length, 14u);
  EXPECT_TRUE(sink.has_anomaly("RESPONSE_BODY_UNEXPECTED"));
  EXPECT_EQ(sink.txs[1].response.body, "ok");
}

TEST(Http1ResponseFinalize, NextStatusLineEndsTheResponse) {
  auto sink = exchange("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n",
                       {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na \tHTTP/1.1 404 Not Found\r\n"
                        "Content-Length: 0\r\n\r\n"});
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_EQ(sink.txs[0].response.body, "a");
  EXPECT_EQ(sink.txs[1].response.status, 404);
  EXPECT_FALSE(sink.has_anomaly("RESPONSE_BODY_UNEXPECTED"));
}

TEST(Http1ResponseFinalize, HalfLineWaitsAndCloseEndsIt) {
  std::vector<size_t> logged;
  auto sink = exchange("GET /1 HTTP/1.1\r\nHost: h\r\n\r\n",
                       {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\natrailing"}, &logged);
  EXPECT_EQ(logged, (std::vector<size_t>{0})) << "the half line may still be body";
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "atrailing");
  EXPECT_TRUE(sink.txs[0].response.complete);
}

// A client's request whose rules the sink defers (as the sensor does when the
// server's ACK hands the request over).
struct DeferredRequest {
  DeferredRequest() {
    sink.defer_requests = true;
    EXPECT_TRUE(testing::to_server(c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  }
  HttpConnection c;
  RecordingSink sink;
};

TEST(Http1DeferredRequestRules, RunWhenTheClientsNextPacketComes) {
  DeferredRequest d;
  EXPECT_TRUE(d.sink.requests_done.empty());
  ASSERT_TRUE(testing::to_client(d.c, "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nab", d.sink));
  d.c.inspect_deferred(Direction::ToClient, d.sink);
  EXPECT_TRUE(d.sink.requests_done.empty()) << "a server packet does not run them";
  d.c.inspect_deferred(Direction::ToServer, d.sink);
  EXPECT_EQ(d.sink.requests_done, (std::vector<uint64_t>{0}));
  d.c.inspect_deferred(Direction::ToServer, d.sink);
  EXPECT_EQ(d.sink.requests_done.size(), 1u) << "once";
  ASSERT_TRUE(testing::to_client(d.c, "cd", d.sink));
  ASSERT_EQ(d.sink.txs.size(), 1u);
  EXPECT_EQ(HttpEveRecord(d.sink.txs[0]).inspected_side(), Direction::ToServer);
}

TEST(Http1DeferredRequestRules, TransactionCompletedFirstIsInspectedWhole) {
  DeferredRequest d;
  ASSERT_TRUE(testing::to_client(d.c, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", d.sink));
  ASSERT_EQ(d.sink.txs.size(), 1u);
  EXPECT_EQ(HttpEveRecord(d.sink.txs[0]).inspected_side(), std::nullopt) << "both sides' rules run as it is logged";
  d.c.inspect_deferred(Direction::ToServer, d.sink);
  EXPECT_TRUE(d.sink.requests_done.empty());
}

}  // namespace
}  // namespace rampart::proto::http1
