#include "center/ingest/gzip.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <memory>

namespace rampart::center {

namespace {
struct InflateEnd {
  void operator()(z_stream* stream) const { inflateEnd(stream); }
};
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header only
constexpr size_t kMaxDeflateRatio = 1032;

// The gzip trailer's ISIZE: the inflated size modulo 2^32 (of the last member). Only
// a hint: a corrupt or hostile body can claim anything, so callers bound it.
size_t expected_size(std::string_view compressed) {
  if (compressed.size() < 18) return 0;
  const auto* tail = reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size() - 4);
  return static_cast<size_t>(tail[0]) | static_cast<size_t>(tail[1]) << 8 | static_cast<size_t>(tail[2]) << 16 |
         static_cast<size_t>(tail[3]) << 24;
}
}  // namespace

std::expected<std::string, GunzipError> gunzip(std::string_view compressed, size_t max_output) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return std::unexpected(GunzipError::corrupt);
  std::unique_ptr<z_stream, InflateEnd> guard(&stream);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  // One allocation instead of regrowth copies; deflate cannot expand beyond 1032:1.
  out.reserve(std::min({expected_size(compressed), max_output, compressed.size() * kMaxDeflateRatio}));
  std::array<char, 64 * 1024> chunk{};
  int status = Z_OK;
  while (status != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
    stream.avail_out = static_cast<uInt>(chunk.size());
    status = inflate(&stream, Z_NO_FLUSH);
    if (status != Z_OK && status != Z_STREAM_END) return std::unexpected(GunzipError::corrupt);
    size_t produced = chunk.size() - stream.avail_out;
    if (out.size() + produced > max_output) return std::unexpected(GunzipError::too_large);
    out.append(chunk.data(), produced);
  }
  if (stream.avail_in != 0) return std::unexpected(GunzipError::corrupt);
  return out;
}

}  // namespace rampart::center
