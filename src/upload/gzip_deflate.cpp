#include "upload/gzip_deflate.hpp"

#include <zlib.h>

#include <fmt/format.h>

#include <cstdint>
#include <memory>

namespace rampart::upload {

namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 16: write a gzip header and trailer
constexpr int kMemoryLevel = 8;

struct DeflateEnd {
  void operator()(z_stream* z) const { deflateEnd(z); }
};

}  // namespace

std::expected<std::string, std::string> gzip_deflate(std::string_view data) {
  if (data.size() > UINT32_MAX) return std::unexpected(std::string("zlib: a batch over 4 GiB cannot be compressed at once"));
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, kGzipWindowBits, kMemoryLevel, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::unexpected(std::string("zlib: deflateInit2 failed"));
  std::unique_ptr<z_stream, DeflateEnd> guard(&z);
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  if (rc != Z_STREAM_END) return std::unexpected(fmt::format("zlib: deflate failed ({})", rc));
  out.resize(z.total_out);
  return out;
}

}  // namespace rampart::upload
