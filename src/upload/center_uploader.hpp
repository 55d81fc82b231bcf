#pragma once
// Uploads the sensor's EVE events to `rampart center` (POST /api/v1/events) in
// gzip NDJSON batches through an on-disk spool (see spool.hpp). The EVE output
// hands every written chunk of lines to submit(), which only appends to memory:
// packet workers never wait for the network or the disk. A spool thread cuts
// batches (batch-events lines, or batch-interval after the oldest waiting line),
// compresses them and stores them durably; a send thread sends the oldest spooled
// batch, deletes it once the center acknowledged it, and retries failures with
// capped exponential backoff. Batches left by an earlier run go first. When the
// spool is full the oldest batches are dropped, counted and logged on stderr.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "upload/center_upload_config.hpp"
#include "upload/http_poster.hpp"
#include "upload/spool.hpp"
#include "upload/upload_stats.hpp"

namespace rampart::upload {

class CenterUploader {
 public:
  // Opens the spool (default_spool_dir when the config names none) and starts the
  // threads. log receives one line per notable event (drops, outages, recovery).
  static std::expected<std::unique_ptr<CenterUploader>, std::string> start(
      const CenterUploadConfig& config, const std::string& default_spool_dir,
      std::function<void(const std::string&)> log);
  ~CenterUploader();
  CenterUploader(const CenterUploader&) = delete;
  CenterUploader& operator=(const CenterUploader&) = delete;

  // Whole EVE lines, each ending in '\n'. Lines of types not configured are skipped.
  void submit(std::string_view lines);
  // Returns once everything submitted so far is in the spool (or dropped).
  void flush();
  // Flushes, then keeps sending until the spool is empty or drain-timeout passed,
  // and stops the threads. Batches not sent stay in the spool for the next run.
  void stop();
  UploadStats stats() const;

 private:
  CenterUploader(const CenterUploadConfig& config, std::unique_ptr<Spool> spool, std::unique_ptr<HttpPoster> poster,
                 std::function<void(const std::string&)> log);
  bool wanted(std::string_view line) const;
  void spool_loop();
  void spool_lines(std::string lines, uint64_t count);
  void store_batch(std::string_view lines, uint64_t count);
  void send_loop();
  enum class SendOutcome { acknowledged, rejected, failed };
  SendOutcome send(const SpooledBatch& batch, std::chrono::milliseconds timeout);
  bool wait_before_retry(std::chrono::milliseconds backoff);

  CenterUploadConfig config_;
  std::unique_ptr<Spool> spool_;
  std::unique_ptr<HttpPoster> poster_;
  std::function<void(const std::string&)> log_;
  uint64_t run_start_usec_;
  uint64_t sequence_ = 0;           // spool thread only
  uint64_t failures_in_a_row_ = 0;  // send thread only

  // Lines waiting to be spooled, and the spool thread's wake-up conditions.
  std::mutex pending_mutex_;
  std::condition_variable pending_changed_;
  std::condition_variable flushed_;
  std::string pending_;
  uint64_t pending_events_ = 0;
  std::chrono::steady_clock::time_point pending_since_;
  uint64_t flush_requested_ = 0, flush_done_ = 0;
  bool stopping_ = false;

  // The send thread's wake-up conditions.
  std::mutex send_mutex_;
  std::condition_variable send_wake_;
  bool spool_finished_ = false;  // the spool thread stored its last batch
  bool draining_ = false;
  std::chrono::steady_clock::time_point drain_deadline_;
  uint64_t batches_added_ = 0;

  std::atomic<uint64_t> uploaded_{0}, spooled_{0}, dropped_{0}, retries_{0}, batches_uploaded_{0};
  std::thread spool_thread_;
  std::thread send_thread_;
};

}  // namespace rampart::upload
