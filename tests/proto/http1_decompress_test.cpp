#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include "http1_sink.hpp"
#include "proto/http1/http_decompress.hpp"

namespace rampart::proto::http1 {
namespace {

using testing::RecordingSink;
using testing::to_client;
using testing::to_server;

// window_bits as for deflateInit2: 31 gzip, 15 zlib, -15 raw deflate.
std::string compress(std::string_view data, int window_bits) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out(deflateBound(&z, data.size()) + 32, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string brotli(std::string_view data) {
  std::string out(BrotliEncoderMaxCompressedSize(data.size()), '\0');
  size_t size = out.size();
  EXPECT_TRUE(BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                                    reinterpret_cast<const uint8_t*>(data.data()), &size,
                                    reinterpret_cast<uint8_t*>(out.data())));
  out.resize(size);
  return out;
}

RecordingSink exchange(const std::string& encoding, const std::string& body, const HttpLimits& limits = {}) {
  HttpConnection c(limits);
  RecordingSink sink;
  EXPECT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  EXPECT_TRUE(to_client(c,
                        "HTTP/1.1 200 OK\r\nContent-Encoding: " + encoding +
                            "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body,
                        sink));
  c.finish(sink);
  return sink;
}

TEST(Http1Decompress, GzipBodyIsInflated) {
  std::string text = "The quick brown fox jumps over the lazy dog. ";
  std::string gz = compress(text, 31);
  RecordingSink sink = exchange("gzip", gz);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, text);
  EXPECT_EQ(sink.txs[0].response.entity_length, text.size());
  EXPECT_EQ(sink.txs[0].response.message_length, gz.size());
  EXPECT_TRUE(sink.anomalies.empty());
}

TEST(Http1Decompress, ZlibAndRawDeflateBodiesAreInflated) {
  std::string text(300, 'x');
  for (int bits : {15, -15}) {
    RecordingSink sink = exchange("deflate", compress(text, bits));
    ASSERT_EQ(sink.txs.size(), 1u);
    EXPECT_EQ(sink.txs[0].response.body.size(), 300u) << bits;
    EXPECT_EQ(sink.txs[0].response.body, text.substr(0, 300)) << bits;
  }
}

TEST(Http1Decompress, BodySplitAfterItsFirstByteIsInflated) {
  std::string text = "split deflate stream";
  std::string raw = compress(text, -15);
  HttpConnection c;
  RecordingSink sink;
  ASSERT_TRUE(to_server(c, "GET / HTTP/1.1\r\nHost: h\r\n\r\n", sink));
  ASSERT_TRUE(to_client(c,
                        "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\nContent-Length: " + std::to_string(raw.size()) +
                            "\r\n\r\n" + raw.substr(0, 1),
                        sink));
  ASSERT_TRUE(to_client(c, raw.substr(1), sink));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, text);
}

TEST(Http1Decompress, BodyThatIsNotCompressedIsReportedAndPassedOn) {
  RecordingSink sink = exchange("gzip", "this is not gzip data");
  EXPECT_TRUE(sink.has_anomaly("GZIP_DECOMPRESSION_FAILED"));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_TRUE(sink.txs[0].response.complete);
  EXPECT_EQ(sink.txs[0].response.body, "this is not gzip data");
}

TEST(Http1Decompress, ContentEncodingValuesAreReadAsLibhtpReadsThem) {
  using namespace std::string_literals;
  using enum ContentCoding;
  EXPECT_EQ(content_codings("x-gzip", 2).applied, std::vector{Gzip});
  EXPECT_EQ(content_codings("Gz\0ip"s, 2).applied, std::vector{Gzip});
  EXPECT_FALSE(content_codings("Gz\0ip"s, 2).abnormal);
  ContentCodings listed = content_codings("deflate, gzip", 2);
  EXPECT_EQ(listed.applied, (std::vector{Deflate, Gzip}));
  EXPECT_FALSE(listed.abnormal);
  ContentCodings odd = content_codings("gzip_x,identity", 2);
  EXPECT_EQ(odd.applied, std::vector{Gzip});
  EXPECT_TRUE(odd.abnormal);
  EXPECT_EQ(content_codings("br", 2).applied, std::vector{Brotli});
  EXPECT_FALSE(content_codings("br", 2).abnormal);
  EXPECT_TRUE(content_codings("lzma", 2).applied.empty());
  EXPECT_EQ(content_codings("gzip,deflate,gzip", 2).applied, (std::vector{Gzip, Deflate}));
}

TEST(Http1Decompress, EachListedLayerIsUndoneUpToTheLimit) {
  std::string text = "two layers of compression around this text";
  std::string body = compress(compress(text, -15), 31);  // deflate first, then gzip
  RecordingSink both = exchange("deflate, gzip", body);
  ASSERT_EQ(both.txs.size(), 1u);
  EXPECT_EQ(both.txs[0].response.body, text);
  HttpLimits one_layer;
  one_layer.max_decompress_layers = 1;
  RecordingSink limited = exchange("deflate, gzip", body, one_layer);
  ASSERT_EQ(limited.txs.size(), 1u);
  EXPECT_EQ(limited.txs[0].response.body, compress(text, -15));
}

TEST(Http1Decompress, GzipReservedFlagsAndHeaderCrcAreIgnored) {
  std::string text = "a gzip header browsers accept";
  std::string reserved = compress(text, 31);
  reserved[3] = static_cast<char>(reserved[3] | 0xe0);
  std::string with_crc = compress(text, 31);
  with_crc[3] = static_cast<char>(with_crc[3] | 0x02);
  with_crc.insert(10, std::string(2, '\0'));  // a header CRC that does not match
  for (const std::string& body : {reserved, with_crc}) {
    RecordingSink sink = exchange("gzip", body);
    ASSERT_EQ(sink.txs.size(), 1u);
    EXPECT_EQ(sink.txs[0].response.body, text);
    EXPECT_FALSE(sink.has_anomaly("GZIP_DECOMPRESSION_FAILED"));
  }
}

TEST(Http1Decompress, DecompressedSizeCapIsEnforced) {
  HttpLimits limits;
  limits.max_decompressed = 100'000;
  RecordingSink sink = exchange("gzip", compress(std::string(1'000'000, 'a'), 31), limits);
  EXPECT_TRUE(sink.has_anomaly("COMPRESSION_BOMB_LIMIT_REACHED"));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body.size(), limits.response_body_capture);
  EXPECT_LE(sink.txs[0].response.entity_length, 100'000u + 8192u);
}

TEST(Http1Decompress, RatioCapIsEnforced) {
  HttpLimits limits;
  limits.max_ratio = 100;
  RecordingSink sink = exchange("gzip", compress(std::string(500'000, 'a'), 31), limits);
  EXPECT_TRUE(sink.has_anomaly("COMPRESSION_BOMB"));
  EXPECT_FALSE(sink.has_anomaly("COMPRESSION_BOMB_LIMIT_REACHED"));
}

TEST(Http1Decompress, UnknownCodingIsReportedAndLeftAlone) {
  RecordingSink sink = exchange("x-unknown", "abc");
  EXPECT_TRUE(sink.has_anomaly("ABNORMAL_CE_HEADER"));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, "abc");
}

TEST(Http1Decompress, IdentityIsNotAnomalous) {
  RecordingSink sink = exchange("identity", "abc");
  EXPECT_TRUE(sink.anomalies.empty());
  EXPECT_EQ(sink.txs[0].response.body, "abc");
}

TEST(Http1Decompress, FileDigestsAreOfTheWholeDecodedBody) {
  HttpLimits limits;
  limits.response_body_capture = 8;  // far less than the body: the digest must not stop there
  limits.file_hashes = file_hash::kMd5;
  RecordingSink sink = exchange("gzip", compress(std::string(1000, 'x'), 31), limits);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, std::string(8, 'x'));
  FileHasher expected(file_hash::kMd5);
  const std::string whole(1000, 'x');
  expected.update({reinterpret_cast<const uint8_t*>(whole.data()), whole.size()});
  EXPECT_EQ(sink.txs[0].response.digests.md5, expected.finish().md5);
}

TEST(Http1Decompress, BrotliBodyIsDecoded) {
  const std::string text = "brotli body " + std::string(3000, 'b');
  RecordingSink sink = exchange("br", brotli(text));
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_EQ(sink.txs[0].response.body, text);
  EXPECT_EQ(sink.txs[0].response.entity_length, text.size());
  EXPECT_TRUE(sink.anomalies.empty()) << sink.anomalies[0];
}

TEST(Http1Decompress, BrotliOnlyAsTheWholeValue) {
  EXPECT_EQ(content_codings("BR", 2).applied, std::vector{ContentCoding::Brotli});
  ContentCodings listed = content_codings("gzip, br", 2);
  EXPECT_EQ(listed.applied, std::vector{ContentCoding::Gzip});
  EXPECT_TRUE(listed.abnormal);
}

TEST(Http1Decompress, BrotliBombIsCut) {
  HttpLimits limits;
  limits.max_decompressed = 100000;
  RecordingSink sink = exchange("br", brotli(std::string(1000000, 'z')), limits);
  ASSERT_EQ(sink.txs.size(), 1u);
  EXPECT_TRUE(sink.has_anomaly("COMPRESSION_BOMB")) << (sink.anomalies.empty() ? "" : sink.anomalies[0]);
  EXPECT_LT(sink.txs[0].response.entity_length, 200000u);
}

}  // namespace
}  // namespace rampart::proto::http1
