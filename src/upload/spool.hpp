#pragma once
// The on-disk spool of batches waiting for the center's acknowledgement. A batch
// is one file DIR/ID.ndjson.gz (the gzip body as it is sent), written under a
// temporary name, fsync'd, renamed and the directory fsync'd, so a spooled batch
// survives a crash of the process or the machine. It is removed only when the
// center acknowledged it. Batch ids sort in the order they were made, so the
// oldest batch goes first, also after a restart. The spool is bounded in bytes:
// a batch that does not fit drops the oldest batches (never the one being sent)
// and the drops are returned to the caller, who counts and reports them.
// Thread-safe: one thread adds, another sends.
#include <cstdint>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::upload {

struct SpooledBatch {
  std::string id;
  uint64_t events = 0;
  uint64_t bytes = 0;
};

class Spool {
 public:
  // Opens (creating) dir, removes half-written temporary files and indexes the
  // batches a previous run left.
  static std::expected<std::unique_ptr<Spool>, std::string> open(const std::filesystem::path& dir, uint64_t max_bytes);

  // Stores one gzip batch durably. Returns the batches dropped to make room; the
  // new batch itself when it alone is larger than the cap (it is then not stored).
  std::expected<std::vector<SpooledBatch>, std::string> add(const SpooledBatch& batch, std::string_view gzip_body);

  // The oldest batch that is not being sent, now marked as being sent.
  std::optional<SpooledBatch> take_oldest();
  std::expected<std::string, std::string> read(const SpooledBatch& batch) const;
  // The center stored it (or refused it for good): the file goes.
  void remove(const SpooledBatch& batch);
  // Sending failed: the batch stays and may be dropped again.
  void release(const SpooledBatch& batch);

  size_t batch_count() const;
  uint64_t byte_count() const;
  const std::filesystem::path& dir() const { return dir_; }

  // DIR/ID.ndjson.gz; an id carries its event count as a "-nCOUNT" suffix.
  static std::string make_id(uint64_t run_start_usec, uint64_t sequence, uint64_t events);

 private:
  Spool(std::filesystem::path dir, uint64_t max_bytes) : dir_(std::move(dir)), max_bytes_(max_bytes) {}
  std::filesystem::path path_of(const std::string& id) const;
  std::vector<SpooledBatch> drop_oldest_locked(uint64_t needed);

  std::filesystem::path dir_;
  uint64_t max_bytes_;
  mutable std::mutex mutex_;
  std::map<std::string, SpooledBatch> batches_;  // by id: oldest first
  std::optional<std::string> sending_;
  uint64_t bytes_ = 0;
};

}  // namespace rampart::upload
