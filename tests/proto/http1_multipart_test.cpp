// Files of multipart/form-data uploads: which parts are files, their sizes and
// digests whatever the split of the body, truncation at the end of the body or
// at the request body limit.
#include <gtest/gtest.h>

#include "http1_sink.hpp"
#include "proto/http1/http_multipart.hpp"

namespace rampart::proto::http1 {
namespace {

const std::string kBody =
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"comment\"\r\n\r\n"
    "just text\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"upload\"; filename=\"shell.php\"\r\n"
    "Content-Type: application/octet-stream\r\n\r\n"
    "abc\r\n"
    "--XyZ--\r\n";

std::vector<UploadedFile> read_in_pieces(std::string_view body, size_t piece) {
  MultipartReader reader("XyZ", proto::file_hash::kSha256);
  for (size_t at = 0; at < body.size(); at += piece) reader.feed(testing::bytes(body.substr(at, piece)));
  return reader.finish();
}

TEST(Http1Multipart, OnlyPartsWithAFilenameAreFilesWhateverTheSplit) {
  for (size_t piece : {size_t{1}, size_t{3}, size_t{9}, kBody.size()}) {
    auto files = read_in_pieces(kBody, piece);
    ASSERT_EQ(files.size(), 1u) << piece;
    EXPECT_EQ(files[0].name, "shell.php");
    EXPECT_EQ(files[0].size, 3u);
    EXPECT_TRUE(files[0].complete);
    EXPECT_EQ(files[0].digests.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") << piece;
  }
}

TEST(Http1Multipart, ABodyThatStopsInsideAFileLeavesItTruncated) {
  auto files = read_in_pieces(kBody.substr(0, kBody.find("abc") + 2), 5);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_FALSE(files[0].complete);
  EXPECT_EQ(files[0].size, 2u);
}

TEST(Http1Multipart, BoundaryOnlyFromFormDataContentTypes) {
  EXPECT_EQ(form_data_boundary("multipart/form-data; boundary=\"a b\""), "a b");
  EXPECT_EQ(form_data_boundary("Multipart/Form-Data;boundary=x"), "x");
  EXPECT_FALSE(form_data_boundary("multipart/mixed; boundary=x"));
  EXPECT_FALSE(form_data_boundary("multipart/form-data"));
}

TEST(Http1Multipart, UploadsAreReadUpToTheRequestBodyLimit) {
  HttpLimits limits;
  limits.request_body_capture = kBody.find("abc") + 1;  // the limit cuts the file after one byte
  HttpConnection c(limits);
  testing::RecordingSink sink;
  const std::string request = "POST /up HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=XyZ\r\n"
                              "Content-Length: " + std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
  ASSERT_TRUE(testing::to_server(c, request, sink));
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  ASSERT_EQ(sink.txs[0].request.uploads.size(), 1u);
  EXPECT_EQ(sink.txs[0].request.uploads[0].size, 1u);
  EXPECT_FALSE(sink.txs[0].request.uploads[0].complete);
  EXPECT_EQ(sink.txs[0].request.entity_length, kBody.size());
}

}  // namespace
}  // namespace rampart::proto::http1
