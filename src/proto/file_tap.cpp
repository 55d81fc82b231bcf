#include "proto/file_tap.hpp"

namespace rampart::proto {

FileTap::FileTap(uint8_t hashes, FileStore* store) {
  if (hashes != 0) hasher_.emplace(hashes);
  if (store != nullptr) spool_ = std::make_shared<FileSpool>(*store);
}

void FileTap::update(std::span<const uint8_t> bytes) {
  if (hasher_) hasher_->update(bytes);
  if (spool_) spool_->write(bytes);
}

FileDigests FileTap::finish() {
  FileDigests digests;
  if (hasher_) digests = hasher_->finish();
  hasher_.reset();
  return digests;
}

}  // namespace rampart::proto
