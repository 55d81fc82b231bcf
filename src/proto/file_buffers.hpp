#pragma once
// The rule buffers of one file a protocol carries, which the file keywords
// (filename, fileext, filesize, filemd5/filesha1/filesha256, filemagic) inspect:
// file.name, file.size (the size as decimal text), file.md5 / file.sha1 /
// file.sha256 (the raw digest, when it was computed) and file.magic (libmagic's
// type of the first bytes). Each protocol lists its files as FileViews.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "proto/file_hasher.hpp"

namespace rampart::proto {

struct FileView {
  std::string_view name;
  uint64_t size = 0;
  const FileDigests* digests = nullptr;
  std::string_view first_bytes;  // the start of the file as kept for detection (file.magic)
};

// Whether name is one of the file buffers above other than file.name (which
// protocols also serve on their own).
bool is_file_property_buffer(std::string_view name);

// The value of buffer `name` for file f; nullopt when it has none (a digest not
// computed, an empty name). built holds a value made here until the next call.
std::optional<std::span<const uint8_t>> file_buffer(const FileView& f, std::string_view name, std::string& built);

}  // namespace rampart::proto
