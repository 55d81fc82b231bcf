#include "proto/http1/http_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "proto/http1/http_eve.hpp"
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

// With a file store, a download's bytes are spooled; the record says stored once
// the spool is stored, and carries magic with files.force-magic.
TEST(HttpFile, ADownloadIsSpooledAndStoredOnRequest) {
  auto log_dir = std::filesystem::temp_directory_path() / ("rampart-http-store-" + std::to_string(::getpid()));
  auto store = FileStore::open({.enabled = true, .dir = "filestore", .force = false, .write_fileinfo = false},
                               log_dir.string());
  ASSERT_TRUE(store.has_value()) << store.error();
  HttpLimits limits;
  limits.file_hashes = file_hash::kSha256;
  limits.file_store = store->get();
  HttpConnection c{limits};
  testing::RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c, "GET /r.pdf HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n%PDF-1.4\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  const HttpTransaction& tx = sink.txs[0];
  HttpFileRecord record(tx, Direction::ToClient);
  auto file = record.recorded_file();
  ASSERT_TRUE(file.has_value() && file->spool != nullptr);
  EXPECT_EQ(file->direction, Direction::ToClient);
  EXPECT_NE(download_record(tx).find("\"stored\":false"), std::string::npos);
  ASSERT_TRUE(file->spool->store(file->sha256));
  EXPECT_TRUE(std::filesystem::exists(log_dir / "filestore" / std::string(file->sha256.substr(0, 2)) / std::string(file->sha256)));
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  RecordOptions options;
  options.file_magic = true;
  record.write_with(w, options);
  w.end_object();
  EXPECT_NE(out.find("\"magic\":\"PDF document"), std::string::npos) << out;
  EXPECT_NE(out.find("\"stored\":true"), std::string::npos) << out;
  std::filesystem::remove_all(log_dir);
}

// The file keywords see each multipart file part on the client's side.
TEST(HttpFile, UploadPartsAreTheClientSidesFiles) {
  HttpConnection c{HttpLimits{}};
  testing::RecordingSink sink;
  ASSERT_TRUE(testing::to_server(c,
                                 "POST /up HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; boundary=XX\r\n"
                                 "Content-Length: 155\r\n\r\n"
                                 "--XX\r\nContent-Disposition: form-data; name=a; filename=\"a.txt\"\r\n\r\nbateau\r\n"
                                 "--XX\r\nContent-Disposition: form-data; name=b; filename=\"b.txt\"\r\n\r\nminet\r\n--XX--\r\n",
                                 sink));
  ASSERT_TRUE(testing::to_client(c, "HTTP/1.1 204 No Content\r\n\r\n", sink));
  c.finish(sink);
  ASSERT_EQ(sink.txs.size(), 1u);
  HttpEveRecord tx(sink.txs[0]);
  auto text = [&](std::string_view name, size_t i) {
    auto v = tx.side_buffer(name, i, Direction::ToServer);
    return v ? std::string(reinterpret_cast<const char*>(v->data()), v->size()) : std::string("<none>");
  };
  EXPECT_EQ(text("file.name", 0), "a.txt");
  EXPECT_EQ(text("file.name", 1), "b.txt");
  EXPECT_EQ(text("file.data", 0), "bateau");
  EXPECT_EQ(text("file.data", 1), "minet");
  EXPECT_EQ(text("file.size", 1), "5");
  EXPECT_EQ(text("file.name", 2), "<none>");
  EXPECT_FALSE(tx.side_buffer("file.name", 0, Direction::ToClient).has_value());
}

}  // namespace
}  // namespace rampart::proto::http1
