#pragma once
// What follows one file's bytes as a parser decodes them: its digests (when
// files are hashed) and its spool into the file store (when files may be stored).
#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "proto/file_hasher.hpp"
#include "proto/file_store.hpp"

namespace rampart::proto {

class FileTap {
 public:
  // Whether a file needs a tap at all under these settings.
  static bool wanted(uint8_t hashes, FileStore* store) { return hashes != 0 || store != nullptr; }
  FileTap(uint8_t hashes, FileStore* store);

  void update(std::span<const uint8_t> bytes);
  // The digests of the bytes given (empty when none were asked for); once.
  FileDigests finish();
  // The spool of the file, for the record that may store it; nullptr without a store.
  std::shared_ptr<FileSpool> spool() const { return spool_; }

 private:
  std::optional<FileHasher> hasher_;
  std::shared_ptr<FileSpool> spool_;
};

}  // namespace rampart::proto
