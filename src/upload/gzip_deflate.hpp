#pragma once
// gzip-compresses a buffer with zlib (one gzip member), for Content-Encoding: gzip.
#include <expected>
#include <string>
#include <string_view>

namespace rampart::upload {

std::expected<std::string, std::string> gzip_deflate(std::string_view data);

}  // namespace rampart::upload
