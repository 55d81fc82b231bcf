#pragma once
// Content-Encoding gzip/deflate decoding of a response body with zlib, bounded
// twice: a cap on the decompressed size and on the decompressed/compressed ratio
// (both libhtp's "compression bomb" defences). Only a prefix of the output is
// kept; the rest is counted.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto::http1 {

enum class ContentCoding : uint8_t { Identity, Gzip, Deflate, Undecoded, Unknown };

// The coding named by a Content-Encoding value ("gzip", "x-gzip", "deflate", ...).
ContentCoding content_coding(std::string_view header_value);

enum class InflateStatus : uint8_t {
  Ok,
  Finished,    // the compressed stream ended
  Failed,      // corrupt data: GZIP_DECOMPRESSION_FAILED
  SizeLimit,   // decompressed size cap hit: COMPRESSION_BOMB_LIMIT_REACHED
  RatioLimit,  // ratio cap hit: COMPRESSION_BOMB
};

class Decompressor {
 public:
  Decompressor(ContentCoding coding, uint64_t max_output, uint32_t max_ratio);
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Inflates input, appending output to `kept` while it is shorter than `keep`.
  InflateStatus inflate(std::span<const uint8_t> input, std::string& kept, size_t keep);
  uint64_t output_bytes() const { return output_bytes_; }

 private:
  struct Stream;
  bool start(std::span<const uint8_t> first_bytes);
  InflateStatus feed(std::span<const uint8_t> input, std::string& kept, size_t keep);

  ContentCoding coding_;
  uint64_t max_output_;
  uint32_t max_ratio_;
  uint64_t input_bytes_ = 0, output_bytes_ = 0;
  std::string head_;  // the first byte, while the format is still undecided
  std::unique_ptr<Stream> stream_;
};

}  // namespace rampart::proto::http1
