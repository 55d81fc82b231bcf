#include "proto/http1/http_file.hpp"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace rampart::proto::http1
