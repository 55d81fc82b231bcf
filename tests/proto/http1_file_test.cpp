#include "proto/http1/http_file.hpp"

#include <gtest/gtest.h>

#include "http1_sink.hpp"

namespace rampart::proto::http1 {
namespace {

TEST(HttpFile, DispositionFilenameQuotedBareOrAbsent) {
  EXPECT_EQ(disposition_filename("attachment; filename=\"eicar.txt\""), "eicar.txt");
  EXPECT_EQ(disposition_filename("attachment;FileName=report.pdf; size=3"), "report.pdf");
  EXPECT_EQ(disposition_filename("inline"), "");
  EXPECT_EQ(disposition_filename("attachment; filename=\""), "\"");
  EXPECT_EQ(disposition_filename(""), "");
}

TEST(HttpFile, DownloadsAndPutUploadsAreFiles) {
  HttpTransaction tx;
  tx.request.method = "POST";
  tx.request.entity_length = 10;
  EXPECT_FALSE(carries_file(tx, Direction::ToServer));
  tx.request.method = "PUT";
  EXPECT_TRUE(carries_file(tx, Direction::ToServer));
  EXPECT_FALSE(carries_file(tx, Direction::ToClient));
  tx.response.started = true;
  tx.response.entity_length = 1;
  EXPECT_TRUE(carries_file(tx, Direction::ToClient));
}

TEST(HttpFile, UnfinishedBodyIsTruncated) {
  HttpTransaction tx;
  tx.id = 4;
  tx.request.uri_normalized = "/get/file.bin?x=1";
  tx.response.started = true;
  tx.response.entity_length = 100;
  tx.response.body_gaps = true;
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  HttpFileRecord(tx, Direction::ToClient).write(w);
  w.end_object();
  EXPECT_NE(out.find("\"filename\":\"/get/file.bin\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"state\":\"TRUNCATED\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"gaps\":true"), std::string::npos) << out;
  EXPECT_NE(out.find("\"size\":100"), std::string::npos) << out;
  EXPECT_NE(out.find("\"tx_id\":4"), std::string::npos) << out;
}

TEST(HttpFile, TruncatedDownloadKeepsTheDigestOfWhatArrivedAndAGapDropsIt) {
  HttpLimits limits;
  limits.file_hashes = file_hash::kSha256;
  HttpConnection c(limits);
  testing::RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab", sink));
  c.gap(Direction::ToClient, 2, sink);
  ASSERT_TRUE(testing::to_client(c, "cd", sink));
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 2u);
  EXPECT_TRUE(sink.txs[0].response.body_gaps);
  EXPECT_TRUE(sink.txs[0].response.digests.sha256.empty());
  EXPECT_FALSE(sink.txs[1].response.complete);
  EXPECT_EQ(sink.txs[1].response.digests.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  HttpFileRecord(sink.txs[1], Direction::ToClient).write(w);
  w.end_object();
  EXPECT_NE(out.find("\"state\":\"TRUNCATED\",\"sha256\":\"ba7816bf"), std::string::npos) << out;
}

}  // namespace
}  // namespace rampart::proto::http1
