#include "proto/http1/http_decompress.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>

#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

namespace {

// The ratio cap only applies past this much output: tiny bodies of repeated
// bytes compress extremely well and are no threat.
constexpr uint64_t kRatioFloor = 64 * 1024;

bool looks_like_zlib_header(uint8_t first, uint8_t second) {
  return (first & 0x0F) == 8 && ((first << 8) | second) % 31 == 0;
}

}  // namespace

ContentCoding content_coding(std::string_view header_value) {
  std::string_view v = trim_whitespace(header_value);
  if (v.empty() || iequals(v, "identity")) return ContentCoding::Identity;
  if (iequals(v, "gzip") || iequals(v, "x-gzip")) return ContentCoding::Gzip;
  if (iequals(v, "deflate") || iequals(v, "x-deflate")) return ContentCoding::Deflate;
  // Codings libhtp knows but this parser does not inflate: not anomalous.
  for (std::string_view known : {"br", "lzma", "zstd", "compress", "x-compress"})
    if (iequals(v, known)) return ContentCoding::Undecoded;
  return ContentCoding::Unknown;
}

struct Decompressor::Stream {
  z_stream z{};
  bool initialised = false;
  ~Stream() {
    if (initialised) inflateEnd(&z);
  }
};

Decompressor::Decompressor(ContentCoding coding, uint64_t max_output, uint32_t max_ratio)
    : coding_(coding), max_output_(max_output), max_ratio_(max_ratio) {}

Decompressor::~Decompressor() = default;

bool Decompressor::start(std::span<const uint8_t> first_bytes) {
  // "deflate" should be zlib-wrapped, but many servers send raw deflate data;
  // the first two bytes tell which. gzip lets zlib detect gzip or zlib headers.
  int window_bits = 15 + 32;
  if (coding_ == ContentCoding::Deflate) window_bits = looks_like_zlib_header(first_bytes[0], first_bytes[1]) ? 15 : -15;
  stream_ = std::make_unique<Stream>();
  if (inflateInit2(&stream_->z, window_bits) != Z_OK) return false;
  stream_->initialised = true;
  return true;
}

InflateStatus Decompressor::inflate(std::span<const uint8_t> input, std::string& kept, size_t keep) {
  if (stream_) return feed(input, kept, keep);
  if (head_.size() + input.size() < 2) {
    head_.append(as_chars(input));
    return InflateStatus::Ok;
  }
  if (head_.empty()) {
    if (!start(input)) return InflateStatus::Failed;
    return feed(input, kept, keep);
  }
  // A first byte arrived alone: complete the pair, then inflate both parts.
  std::array<uint8_t, 2> first{static_cast<uint8_t>(head_[0]), input[0]};
  if (!start(first)) return InflateStatus::Failed;
  std::string held = std::move(head_);
  InflateStatus status = feed({reinterpret_cast<const uint8_t*>(held.data()), held.size()}, kept, keep);
  if (status != InflateStatus::Ok) return status;
  return feed(input, kept, keep);
}

InflateStatus Decompressor::feed(std::span<const uint8_t> input, std::string& kept, size_t keep) {
  input_bytes_ += input.size();
  z_stream& z = stream_->z;
  z.next_in = const_cast<Bytef*>(input.data());
  z.avail_in = static_cast<uInt>(input.size());
  std::array<uint8_t, 8192> out;
  while (true) {
    z.next_out = out.data();
    z.avail_out = static_cast<uInt>(out.size());
    int rc = ::inflate(&z, Z_NO_FLUSH);
    size_t produced = out.size() - z.avail_out;
    output_bytes_ += produced;
    if (kept.size() < keep) kept.append(as_chars(std::span(out).first(std::min(produced, keep - kept.size()))));
    if (output_bytes_ > max_output_) return InflateStatus::SizeLimit;
    if (output_bytes_ > kRatioFloor && output_bytes_ / std::max<uint64_t>(input_bytes_, 1) > max_ratio_)
      return InflateStatus::RatioLimit;
    if (rc == Z_STREAM_END) return InflateStatus::Finished;
    if (rc == Z_BUF_ERROR || (rc == Z_OK && z.avail_in == 0 && z.avail_out != 0)) return InflateStatus::Ok;
    if (rc != Z_OK) return InflateStatus::Failed;
  }
}

}  // namespace rampart::proto::http1
