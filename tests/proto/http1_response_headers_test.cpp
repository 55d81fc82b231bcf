// The response header block as libhtp reads it (the http-evader cases): CR-only
// and deformed line ends, folds that are new fields, NUL folds, fields without a
// colon, and bytes left undecided until the next segment.
#include <gtest/gtest.h>

#include <string>

#include "http1_sink.hpp"
#include "proto/http1/http_response_headers.hpp"

namespace rampart::proto::http1 {
namespace {

using namespace std::string_view_literals;

std::vector<std::pair<std::string, std::string>> fields_of(const ResponseHeaderStep& step) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : step.fields) out.emplace_back(f.name, f.value);
  return out;
}

using Fields = std::vector<std::pair<std::string, std::string>>;

TEST(Http1ResponseHeaders, CrAloneEndsAField) {
  auto step = parse_response_headers("A: 1\rB: 2\r\n\r\nbody");
  EXPECT_TRUE(step.ended);
  EXPECT_EQ(fields_of(step), (Fields{{"A", "1"}, {"B", "2"}}));
  EXPECT_EQ(step.consumed, std::string_view("A: 1\rB: 2\r\n\r\n").size());
  EXPECT_EQ(step.end_length, 2u);
}

TEST(Http1ResponseHeaders, AFoldedLineThatReadsNameColonIsANewField) {
  auto step = parse_response_headers("X-Foo: bar\r\n Transfer-Encoding: chunked\r\nY: z\r\n\r\n");
  EXPECT_TRUE(step.ended);
  EXPECT_EQ(fields_of(step), (Fields{{"X-Foo", "bar"}, {"Transfer-Encoding", "chunked"}, {"Y", "z"}}));
}

TEST(Http1ResponseHeaders, FoldedTextContinuesTheValue) {
  auto step = parse_response_headers("K: V\r\n a\n\tb\r\n\r\n");
  EXPECT_TRUE(step.ended);
  EXPECT_EQ(fields_of(step), (Fields{{"K", "V a\tb"}}));
}

TEST(Http1ResponseHeaders, NulAfterALineEndFolds) {
  auto step = parse_response_headers("Transfer-Encoding:\n\0chunked\r\nY: z\r\n\r\n"sv);
  EXPECT_TRUE(step.ended);
  EXPECT_EQ(fields_of(step), (Fields{{"Transfer-Encoding", "chunked"}, {"Y", "z"}}));
}

TEST(Http1ResponseHeaders, LfCrCrLfEndsTheHeaders) {
  auto step = parse_response_headers("Content-length: 68\n\r\r\nX5O!");
  EXPECT_TRUE(step.ended);
  EXPECT_EQ(fields_of(step), (Fields{{"Content-length", "68"}}));
  EXPECT_EQ(step.consumed, std::string_view("Content-length: 68\n\r\r\n").size());
}

TEST(Http1ResponseHeaders, ALineWithoutColonIsAFieldWithoutName) {
  auto step = parse_response_headers("junk line\r\nK: V\r\n\r\n");
  ASSERT_EQ(step.fields.size(), 2u);
  EXPECT_TRUE(step.fields[0].missing_colon);
  EXPECT_EQ(step.fields[0].name, "");
  EXPECT_EQ(step.fields[0].value, "junk line");
  EXPECT_FALSE(step.fields[1].missing_colon);
}

TEST(Http1ResponseHeaders, WhitespaceBeforeTheColonMarksTheName) {
  auto step = parse_response_headers("Content-Type \t: text/plain\r\n\r\n");
  ASSERT_EQ(step.fields.size(), 1u);
  EXPECT_EQ(step.fields[0].name, "Content-Type");
  EXPECT_TRUE(step.fields[0].invalid_name);
}

TEST(Http1ResponseHeaders, UndecidedBytesWaitForTheNextSegment) {
  auto step = parse_response_headers("A: 1\r\nB: 2\r\n");
  EXPECT_FALSE(step.ended);
  EXPECT_EQ(fields_of(step), (Fields{{"A", "1"}}));  // B might still be folded
  EXPECT_EQ(step.consumed, 6u);
  EXPECT_FALSE(parse_response_headers("A: 1\r\n\r").ended);  // "\r\n\r" might start a deformed line end
  EXPECT_TRUE(parse_response_headers("\r\n").ended);
  EXPECT_TRUE(parse_response_headers("\n").ended);
}

TEST(Http1ResponseHeaders, CrOnlyResponseParsesTheSameInAnySplit) {
  const std::string response =
      "HTTP/1.1 200 ok\rContent-type: application/octet-stream\rTransfer-Encoding: chunked\r"
      "X: y\r\n\n4\r\nabcd\r\n0\r\n\r\n";
  for (size_t piece : {size_t{1}, size_t{2}, size_t{7}, response.size()}) {
    HttpConnection c;
    testing::RecordingSink sink;
    ASSERT_TRUE(testing::to_server(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", sink));
    for (size_t at = 0; at < response.size(); at += piece)
      ASSERT_TRUE(testing::to_client(c, std::string_view(response).substr(at, piece), sink));
    c.finish(sink);
    ASSERT_EQ(sink.txs.size(), 1u) << "piece " << piece;
    EXPECT_EQ(sink.txs[0].response.status, 200);
    EXPECT_EQ(sink.txs[0].response.headers.value("Content-Type"), "application/octet-stream");
    EXPECT_EQ(sink.txs[0].response.body, "abcd") << "piece " << piece;
  }
}

}  // namespace
}  // namespace rampart::proto::http1
