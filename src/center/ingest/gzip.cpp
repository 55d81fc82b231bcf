#include "center/ingest/gzip.hpp"

#include <zlib.h>

#include <array>
#include <memory>

namespace rampart::center {

namespace {
struct InflateEnd {
  void operator()(z_stream* stream) const { inflateEnd(stream); }
};
constexpr int kGzipWindowBits = 15 + 16;  // 32 KiB window, gzip header only
}  // namespace

std::expected<std::string, GunzipError> gunzip(std::string_view compressed, size_t max_output) {
  z_stream stream{};
  if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) return std::unexpected(GunzipError::corrupt);
  std::unique_ptr<z_stream, InflateEnd> guard(&stream);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  stream.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
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
