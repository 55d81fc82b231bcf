#pragma once
// Content-Encoding gzip/deflate decoding of a response body with zlib, bounded
// twice: a cap on the decompressed size and on the decompressed/compressed ratio
// (both libhtp's "compression bomb" defences). Only a prefix of the output is
// kept; the rest is counted. Like browsers (and libhtp), the data's first bytes
// decide between gzip, zlib and raw deflate whatever the header said, the gzip
// header's reserved flags and header CRC are not held against it, and a value
// listing several codings ("deflate, gzip", or repeated headers) is undone layer
// by layer up to a configured number of layers.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::proto::http1 {

enum class ContentCoding : uint8_t { Gzip, Deflate, Brotli };

struct ContentCodings {
  std::vector<ContentCoding> applied;  // in the order they were applied (= listed)
  bool abnormal = false;               // a part was not a plain coding name (ABNORMAL_CE_HEADER)
};

// The codings a Content-Encoding value names, as libhtp reads them: one plain
// name ("gzip", "x-gzip", "deflate", "x-deflate", "br"; "identity", "none",
// "inflate", "lzma" are no layer here) matches ignoring case and NUL bytes;
// anything else is split at commas and spaces, and each part containing "gzip"
// or "deflate" counts as that coding ("br" only as the whole value; other names
// are abnormal). At most `max_layers` parts are read.
ContentCodings content_codings(std::string_view header_value, uint32_t max_layers);

enum class InflateStatus : uint8_t {
  Ok,
  Finished,    // the compressed stream ended
  NotCompressed,  // the body did not start compressed: it is passed on as it is
  Failed,      // corrupt data: GZIP_DECOMPRESSION_FAILED
  SizeLimit,   // decompressed size cap hit: COMPRESSION_BOMB_LIMIT_REACHED
  RatioLimit,  // ratio cap hit: COMPRESSION_BOMB
};

class Decompressor {
 public:
  // gzip and deflate layers tell their format from their first bytes; brotli has none.
  Decompressor(ContentCoding coding, uint64_t max_output, uint32_t max_ratio);
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Inflates input, appending all output to `out`. Bytes after the end of the
  // compressed stream (a gzip trailer, garbage) are dropped. A body that fails
  // before producing any output was not compressed at all (as libhtp, browsers
  // show it as it is): its bytes so far and all later ones are passed through.
  InflateStatus inflate(std::span<const uint8_t> input, std::string& out);
  uint64_t output_bytes() const { return output_bytes_; }

 private:
  struct Stream;
  struct BrotliState;
  InflateStatus begin(std::span<const uint8_t> input, std::string& out);
  InflateStatus feed_brotli(std::span<const uint8_t> input, std::string& out);
  std::optional<InflateStatus> over_limits() const;
  bool start(std::span<const uint8_t> first_bytes, size_t header_length);
  InflateStatus feed(std::span<const uint8_t> input, std::string& out);
  InflateStatus pass_through(std::string& out);

  uint64_t max_output_;
  uint32_t max_ratio_;
  uint64_t input_bytes_ = 0, output_bytes_ = 0;
  std::string head_;  // the first bytes, while the format or the gzip header is incomplete
  std::unique_ptr<Stream> stream_;
  std::unique_ptr<BrotliState> brotli_;
  std::string unanswered_;  // input that has produced no output yet (bounded)
  bool finished_ = false;
  bool passing_through_ = false;
};

// Several Decompressors in a row, undoing the codings of one body from the last
// applied to the first.
class DecoderChain {
 public:
  // One layer per coding applied (in the order applied); a gzip or deflate layer's
  // own first bytes decide its format.
  DecoderChain(const std::vector<ContentCoding>& applied, uint64_t max_output, uint32_t max_ratio);
  // Decodes input, appending output to `kept` while it is shorter than `keep`.
  InflateStatus decode(std::span<const uint8_t> input, std::string& kept, size_t keep);
  uint64_t output_bytes() const { return output_bytes_; }
  // All output of the last decode call (kept or not), valid until the next call.
  std::span<const uint8_t> last_output() const { return last_output_; }

 private:
  std::vector<std::unique_ptr<Decompressor>> layers_;  // the first undoes the last coding applied
  std::string scratch_[2];
  std::span<const uint8_t> last_output_;
  uint64_t output_bytes_ = 0;
};

}  // namespace rampart::proto::http1
