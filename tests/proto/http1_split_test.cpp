// Bytes arrive split anywhere: every split of a pipelined stream must give the
// same transactions as the stream fed whole.
#include <gtest/gtest.h>

#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

using testing::bytes;
using testing::RecordingSink;

constexpr std::string_view kRequests =
    "GET /one HTTP/1.1\r\nHost: a.example\r\nUser-Agent: ua\r\n\r\n"
    "POST /two HTTP/1.1\r\nHost: a.example\r\nContent-Length: 5\r\n\r\nhello"
    "POST /three HTTP/1.1\r\nHost: a.example\r\nTransfer-Encoding: chunked\r\n\r\n"
    "3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n"
    "GET /four HTTP/1.0\r\nX-Folded: a\r\n b\r\n\r\n";

constexpr std::string_view kResponses =
    "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwxyz\r\n0\r\n\r\n"
    "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n"
    "HTTP/1.0 200 OK\r\n\r\nuntil close";

struct Feed {
  RecordingSink sink;
  void run(std::span<const uint8_t> requests, std::span<const uint8_t> responses, size_t split, bool split_requests) {
    HttpConnection c;
    auto feed_split = [&](Direction dir, std::span<const uint8_t> data) {
      size_t at = std::min(split, data.size());
      ASSERT_TRUE(c.parse(dir, data.first(at), sink));
      ASSERT_TRUE(c.parse(dir, data.subspan(at), sink));
    };
    if (split_requests) {
      feed_split(Direction::ToServer, requests);
      ASSERT_TRUE(c.parse(Direction::ToClient, responses, sink));
    } else {
      ASSERT_TRUE(c.parse(Direction::ToServer, requests, sink));
      feed_split(Direction::ToClient, responses);
    }
    c.finish(sink);
  }
};

void expect_same(const RecordingSink& expected, const RecordingSink& actual, size_t split) {
  ASSERT_EQ(actual.eve, expected.eve) << "split at " << split;
  ASSERT_EQ(actual.anomalies, expected.anomalies) << "split at " << split;
  for (size_t i = 0; i < expected.txs.size(); ++i) {
    const HttpTransaction& a = actual.txs[i];
    const HttpTransaction& e = expected.txs[i];
    EXPECT_EQ(a.request.headers.raw(), e.request.headers.raw()) << "split at " << split;
    EXPECT_EQ(a.request.body, e.request.body) << "split at " << split;
    EXPECT_EQ(a.response.headers.raw(), e.response.headers.raw()) << "split at " << split;
    EXPECT_EQ(a.response.body, e.response.body) << "split at " << split;
    EXPECT_EQ(a.request.message_length, e.request.message_length) << "split at " << split;
  }
}

TEST(Http1Split, WholeStreamGivesTheExpectedTransactions) {
  Feed whole;
  whole.run(bytes(kRequests), bytes(kResponses), kRequests.size(), true);
  ASSERT_EQ(whole.sink.txs.size(), 4u);
  EXPECT_EQ(whole.sink.txs[1].request.body, "hello");
  EXPECT_EQ(whole.sink.txs[1].response.status, 201);
  EXPECT_EQ(whole.sink.txs[1].response.body, "wxyz");
  EXPECT_EQ(whole.sink.txs[2].request.body, "abcde");
  EXPECT_EQ(whole.sink.txs[2].request.headers.value("T"), "v");
  EXPECT_EQ(whole.sink.txs[2].response.status, 404);
  EXPECT_EQ(whole.sink.txs[3].request.headers.value("X-Folded"), "a b");
  EXPECT_EQ(whole.sink.txs[3].response.body, "until close");
  EXPECT_EQ(whole.sink.anomalies, std::vector<std::string>{"REQUEST_CHUNK_EXTENSION"});
}

TEST(Http1Split, EverySplitOfTheRequestsGivesTheSameTransactions) {
  Feed whole;
  whole.run(bytes(kRequests), bytes(kResponses), kRequests.size(), true);
  for (size_t split = 0; split <= kRequests.size(); ++split) {
    Feed part;
    part.run(bytes(kRequests), bytes(kResponses), split, true);
    expect_same(whole.sink, part.sink, split);
  }
}

TEST(Http1Split, EverySplitOfTheResponsesGivesTheSameTransactions) {
  Feed whole;
  whole.run(bytes(kRequests), bytes(kResponses), kResponses.size(), false);
  for (size_t split = 0; split <= kResponses.size(); ++split) {
    Feed part;
    part.run(bytes(kRequests), bytes(kResponses), split, false);
    expect_same(whole.sink, part.sink, split);
  }
}

TEST(Http1Split, ByteAtATimeGivesTheSameTransactions) {
  Feed whole;
  whole.run(bytes(kRequests), bytes(kResponses), kRequests.size(), true);
  HttpConnection c;
  RecordingSink sink;
  for (uint8_t b : bytes(kRequests)) ASSERT_TRUE(c.parse(Direction::ToServer, std::span(&b, 1), sink));
  for (uint8_t b : bytes(kResponses)) ASSERT_TRUE(c.parse(Direction::ToClient, std::span(&b, 1), sink));
  c.finish(sink);
  expect_same(whole.sink, sink, 1);
}

}  // namespace
}  // namespace rampart::proto::http1
