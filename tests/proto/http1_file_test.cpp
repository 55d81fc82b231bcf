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

// A connection that hashes its files (SHA-256), and the fileinfo text of a download.
struct HashingConnection {
  static HttpLimits sha256_limits() {
    HttpLimits limits;
    limits.file_hashes = file_hash::kSha256;
    return limits;
  }
  HttpConnection c{sha256_limits()};
  testing::RecordingSink sink;
};

std::string download_record(const HttpTransaction& tx) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  HttpFileRecord(tx, Direction::ToClient).write(w);
  w.end_object();
  return out;
}

// As Suricata's files: the digest is of the bytes that arrived, a gap's bytes count
// in the size, and a file with a gap is truncated even when its end was seen.
TEST(HttpFile, TruncatedDownloadAndAGapKeepTheDigestOfWhatArrived) {
  HashingConnection h;
  ASSERT_TRUE(testing::to_server(h.c, "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n", h.sink));
  ASSERT_TRUE(testing::to_client(h.c, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nab", h.sink));
  h.c.gap(Direction::ToClient, 2, h.sink);
  ASSERT_TRUE(testing::to_client(h.c, "cd", h.sink));
  ASSERT_TRUE(testing::to_client(h.c, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", h.sink));
  h.c.finish(h.sink);
  const auto& txs = h.sink.txs;
  ASSERT_EQ(txs.size(), 2u);
  EXPECT_TRUE(txs[0].response.body_gaps);
  EXPECT_EQ(txs[0].response.digests.sha256, "88d4266fd4e6338d13b845fcf289579d209c897823b9217da3e161936f031589");
  EXPECT_EQ(txs[0].response.entity_length, 6u);
  const std::string gapped = download_record(txs[0]);
  EXPECT_NE(gapped.find("\"gaps\":true,\"state\":\"TRUNCATED\""), std::string::npos) << gapped;
  EXPECT_NE(gapped.find("\"size\":6"), std::string::npos) << gapped;
  EXPECT_FALSE(txs[1].response.complete);
  EXPECT_EQ(txs[1].response.digests.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  const std::string out = download_record(txs[1]);
  EXPECT_NE(out.find("\"state\":\"TRUNCATED\",\"sha256\":\"ba7816bf"), std::string::npos) << out;
}

TEST(HttpFile, BodyThatIsAllGapIsAFileOfItsSize) {
  HashingConnection h;
  ASSERT_TRUE(testing::to_server(h.c, "GET /js HTTP/1.1\r\nHost: h\r\n\r\n", h.sink));
  ASSERT_TRUE(testing::to_client(h.c, "HTTP/1.1 200 OK\r\nContent-Length: 733\r\n\r\n", h.sink));
  h.c.gap(Direction::ToClient, 733, h.sink);
  h.c.finish(h.sink);
  ASSERT_EQ(h.sink.txs.size(), 1u);
  EXPECT_TRUE(carries_file(h.sink.txs[0], Direction::ToClient));
  EXPECT_EQ(h.sink.txs[0].response.entity_length, 733u);
  EXPECT_EQ(h.sink.txs[0].response.digests.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace rampart::proto::http1
