#pragma once
// The members of a "fileinfo" object (and of an alert's "files" entry) as
// Suricata 8 writes them for any protocol: filename, magic (when asked for),
// gaps, state (CLOSED, or TRUNCATED when the file did not end or has a gap),
// the digests computed, stored, size, the byte range of a partial file, tx_id.
#include <cstdint>
#include <optional>
#include <string_view>

#include "common/json_writer.hpp"
#include "proto/file_hasher.hpp"

namespace rampart::proto {

struct FileInfo {
  std::string_view name;
  std::string_view magic;  // empty: not written
  bool gaps = false;
  bool complete = false;  // the file's end was seen
  const FileDigests* digests = nullptr;
  bool stored = false;
  uint64_t size = 0;
  std::optional<uint64_t> range_start, range_end;  // of a file sent in parts (HTTP 206)
  uint64_t tx_id = 0;
};

void write_file_info(JsonWriter& w, const FileInfo& file);

}  // namespace rampart::proto
