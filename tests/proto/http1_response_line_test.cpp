#include <gtest/gtest.h>

#include <string>

#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

using namespace std::string_literals;
using testing::RecordingSink;
using testing::answer_get;

TEST(Http1ResponseLine, JunkBeforeTheStatusLineIsSkipped) {
  // Leading NUL, space or CR before "HTTP/", or a junk line before the status line.
  for (std::string junk : {"\0"s, " "s, "\r"s, "foobar\r\n"s, "x\r\n"s}) {
    RecordingSink sink = answer_get(junk + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc");
    ASSERT_EQ(sink.txs.size(), 1u);
    EXPECT_EQ(sink.txs[0].response.status, 200);
    EXPECT_EQ(sink.txs[0].response.body, "abc");
  }
}

TEST(Http1ResponseLine, AnswerWithoutLineEndIsTheBodyOfAnHttp09Response) {
  RecordingSink sink = answer_get("X5O!P%@AP[4");
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "X5O!P%@AP[4");
  EXPECT_TRUE(sink.txs[0].response.complete);
}

TEST(Http1ResponseLine, FieldNamePaddedWithVerticalSpaceIsTrimmed) {
  RecordingSink sink = answer_get("HTTP/1.1 200 OK\r\nTransfer-Encoding\v:chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "abc");
  EXPECT_TRUE(sink.has_anomaly("RESPONSE_HEADER_INVALID"));
}

TEST(Http1ResponseLine, BlankHeaderLineFoldsOrEndsTheHeadersAsLibhtpReadsIt) {
  // CRLF-terminated: an empty fold, the headers go on.
  RecordingSink folded = answer_get("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n \r\nX-After: yes\r\n\r\nabc");
  ASSERT_EQ(folded.txs.size(), 1u);
  EXPECT_EQ(folded.txs[0].response.headers.value("X-After"), "yes");
  EXPECT_EQ(folded.txs[0].response.body, "abc");
  // Bare LF before the body: the end of the headers.
  RecordingSink ended = answer_get("HTTP/1.1 200 OK\nContent-Length: 3\n \nabc");
  ASSERT_EQ(ended.txs.size(), 1u);
  EXPECT_EQ(ended.txs[0].response.body, "abc");
}

}  // namespace
}  // namespace rampart::proto::http1
