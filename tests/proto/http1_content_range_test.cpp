// Content-Range as the http and fileinfo records log it.
#include <gtest/gtest.h>

#include "http1_sink.hpp"
#include "proto/http1/http_content_range.hpp"
#include "proto/http1/http_file.hpp"

namespace rampart::proto::http1 {
namespace {

TEST(Http1ContentRange, ReadsTheNumbersThatAreThere) {
  auto full = parse_content_range("bytes 500-1000/146515");
  ASSERT_TRUE(full);
  EXPECT_EQ(full->start, 500u);
  EXPECT_EQ(full->end, 1000u);
  EXPECT_EQ(full->size, 146515u);
  auto unknown_size = parse_content_range("bytes 0-99/*");
  ASSERT_TRUE(unknown_size);
  EXPECT_EQ(unknown_size->end, 99u);
  EXPECT_FALSE(unknown_size->size);
  auto unsatisfied = parse_content_range("bytes */146515");
  ASSERT_TRUE(unsatisfied);
  EXPECT_FALSE(unsatisfied->start);
  EXPECT_EQ(unsatisfied->size, 146515u);
}

TEST(Http1ContentRange, RejectsWhatIsNoByteRange) {
  for (std::string_view bad : {"", "items 1-2/3", "bytes 9-1/10", "bytes 1-2", "bytes -2/3", "bytes */*", "bytes 1-2/3x"})
    EXPECT_FALSE(parse_content_range(bad)) << bad;
}

TEST(Http1ContentRange, LoggedInTheHttpObjectAndTheFileRange) {
  auto sink = testing::answer_get("HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 2-4/10\r\nContent-Length: 3\r\n\r\nabc");
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_NE(sink.eve[0].find(R"("content_range":{"raw":"bytes 2-4/10","start":2,"end":4,"size":10})"), std::string::npos)
      << sink.eve[0];
  std::string text;
  JsonWriter w(text);
  w.begin_object();
  HttpFileRecord(sink.txs[0], Direction::ToClient).write(w);
  w.end_object();
  EXPECT_NE(text.find(R"("size":3,"start":2,"end":4,"tx_id":0)"), std::string::npos) << text;
}

}  // namespace
}  // namespace rampart::proto::http1
