#include "proto/http1/http_range_files.hpp"

#include <gtest/gtest.h>

#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

// One GET of /f.bin answered 206 with `range` and `body`; returns the RangeFiles verdict.
std::optional<JoinedFile> answer(RangeFiles& files, std::string_view range, std::string_view body,
                                 std::string_view host = "h") {
  HttpConnection c;
  testing::RecordingSink sink;
  EXPECT_TRUE(testing::to_server(c, "GET /f.bin HTTP/1.1\r\nHost: " + std::string(host) + "\r\n\r\n", sink));
  const std::string response = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes " + std::string(range) +
                               "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
  EXPECT_TRUE(testing::to_client(c, response, sink));
  c.finish(sink);
  EXPECT_EQ(sink.txs.size(), 1u);
  return files.add(sink.txs.at(0), "/f.bin");
}

TEST(HttpRangeFiles, PartsInAnyOrderJoinOnceTheFileIsWhole) {
  RangeFiles files;
  EXPECT_FALSE(answer(files, "4-7/10", "efgh"));
  EXPECT_FALSE(answer(files, "0-3/10", "abcd"));
  EXPECT_FALSE(answer(files, "2-5/10", "cdef")) << "overlaps add nothing";
  auto joined = answer(files, "8-9/10", "ij");
  ASSERT_TRUE(joined);
  EXPECT_EQ(joined->size, 10u);
  EXPECT_EQ(joined->name, "/f.bin");
  EXPECT_FALSE(answer(files, "0-9/10", "abcdefghij")) << "the whole file in one answer is no part to join";
}

TEST(HttpRangeFiles, OtherHostsAndSizesAreOtherFiles) {
  RangeFiles files;
  EXPECT_FALSE(answer(files, "0-3/10", "abcd"));
  EXPECT_FALSE(answer(files, "4-9/10", "efghij", "other"));
  EXPECT_FALSE(answer(files, "4-9/11", "efghij"));
  EXPECT_TRUE(answer(files, "4-9/10", "efghij"));
}

TEST(HttpRangeFiles, PartsThatDoNotMatchTheirRangeAreLeftOut) {
  RangeFiles files;
  EXPECT_FALSE(answer(files, "0-3/10", "abc"));
  EXPECT_FALSE(answer(files, "0-9/*", "abcdefghij"));
  EXPECT_FALSE(answer(files, "4-12/10", "efghijklm"));
  EXPECT_FALSE(answer(files, "4-9/10", "efghij")) << "the first part was short";
}

}  // namespace
}  // namespace rampart::proto::http1
