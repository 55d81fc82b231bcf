#include "center/ingest/gzip.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <memory>

namespace rampart::center {

namespace {

struct FreeDecompressor {
  void operator()(libdeflate_decompressor* decompressor) const { libdeflate_free_decompressor(decompressor); }
};
using Decompressor = std::unique_ptr<libdeflate_decompressor, FreeDecompressor>;

constexpr size_t kMaxDeflateRatio = 1032;
constexpr size_t kSmallestOutput = 4096;

// The gzip trailer's ISIZE: the inflated size modulo 2^32 (of the last member). Only
// a hint: a corrupt or hostile body can claim anything, so callers bound it.
size_t expected_size(std::string_view compressed) {
  if (compressed.size() < 18) return 0;
  const auto* tail = reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size() - 4);
  return static_cast<size_t>(tail[0]) | static_cast<size_t>(tail[1]) << 8 | static_cast<size_t>(tail[2]) << 16 |
         static_cast<size_t>(tail[3]) << 24;
}

// One decompressor per request thread: it holds about 32 KB of tables.
libdeflate_decompressor* thread_decompressor() {
  thread_local Decompressor decompressor(libdeflate_alloc_decompressor());
  return decompressor.get();
}

}  // namespace

// libdeflate inflates a whole buffer at once (about twice zlib's speed), so the output
// is sized up front from ISIZE; should the body inflate to more than it claims, the
// buffer doubles and the body is inflated again, never beyond max_output.
std::expected<std::string, GunzipError> gunzip(std::string_view compressed, size_t max_output) {
  auto* decompressor = thread_decompressor();
  if (decompressor == nullptr) return std::unexpected(GunzipError::corrupt);
  size_t ceiling = std::min(max_output, compressed.size() * kMaxDeflateRatio);
  size_t capacity = std::min(std::max(expected_size(compressed), kSmallestOutput), ceiling);
  std::string out;
  while (true) {
    libdeflate_result result = LIBDEFLATE_SUCCESS;
    size_t consumed = 0;
    out.resize_and_overwrite(capacity, [&](char* buffer, size_t size) {
      size_t produced = 0;
      result = libdeflate_gzip_decompress_ex(decompressor, compressed.data(), compressed.size(), buffer, size,
                                             &consumed, &produced);
      return result == LIBDEFLATE_SUCCESS ? produced : 0;
    });
    if (result == LIBDEFLATE_SUCCESS) {
      if (consumed != compressed.size()) return std::unexpected(GunzipError::corrupt);  // trailing bytes
      return out;
    }
    if (result != LIBDEFLATE_INSUFFICIENT_SPACE) return std::unexpected(GunzipError::corrupt);
    if (capacity >= ceiling) return std::unexpected(capacity >= max_output ? GunzipError::too_large : GunzipError::corrupt);
    capacity = std::min(capacity * 2, ceiling);
  }
}

}  // namespace rampart::center
