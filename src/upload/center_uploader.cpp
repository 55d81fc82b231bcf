#include "upload/center_uploader.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "upload/gzip_deflate.hpp"

namespace rampart::upload {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kFirstRetryInterval{250};
constexpr std::chrono::milliseconds kRequestTimeout{10000};
constexpr std::string_view kEventTypeKey = "\"event_type\":\"";

std::string_view event_type_of(std::string_view line) {
  size_t at = line.find(kEventTypeKey);
  if (at == std::string_view::npos) return {};
  std::string_view rest = line.substr(at + kEventTypeKey.size());
  return rest.substr(0, rest.find('"'));
}

uint64_t now_usec() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

}  // namespace

std::expected<std::unique_ptr<CenterUploader>, std::string> CenterUploader::start(
    const CenterUploadConfig& config, const std::string& default_spool_dir,
    std::function<void(const std::string&)> log) {
  auto url = parse_center_url(config.url);
  if (!url) return std::unexpected(url.error());
  if (config.token.empty()) return std::unexpected(std::string("center upload needs the sensor's token (--token)"));
  if (config.batch_events == 0) return std::unexpected(std::string("center.batch-events must be at least 1"));
  auto poster = HttpPoster::create(*url, config.ca_file);
  if (!poster) return std::unexpected(poster.error());
  auto spool = Spool::open(config.spool_dir.empty() ? default_spool_dir : config.spool_dir, config.spool_max_bytes);
  if (!spool) return std::unexpected(spool.error());
  std::unique_ptr<CenterUploader> uploader(
      new CenterUploader(config, std::move(*spool), std::move(*poster), std::move(log)));
  if (size_t left = uploader->spool_->batch_count(); left > 0)
    uploader->log_(fmt::format("center: {} batches of an earlier run are waiting in {}; sending them first", left,
                               uploader->spool_->dir().string()));
  uploader->spool_thread_ = std::thread([u = uploader.get()] { u->spool_loop(); });
  uploader->send_thread_ = std::thread([u = uploader.get()] { u->send_loop(); });
  return uploader;
}

CenterUploader::CenterUploader(const CenterUploadConfig& config, std::unique_ptr<Spool> spool,
                               std::unique_ptr<HttpPoster> poster, std::function<void(const std::string&)> log)
    : config_(config),
      spool_(std::move(spool)),
      poster_(std::move(poster)),
      log_(std::move(log)),
      run_start_usec_(now_usec()) {}

CenterUploader::~CenterUploader() { stop(); }

bool CenterUploader::wanted(std::string_view line) const {
  if (config_.types.empty()) return true;
  std::string_view type = event_type_of(line);
  return std::find(config_.types.begin(), config_.types.end(), type) != config_.types.end();
}

void CenterUploader::submit(std::string_view lines) {
  std::string kept;
  uint64_t count = 0;
  if (config_.types.empty()) {
    count = static_cast<uint64_t>(std::count(lines.begin(), lines.end(), '\n'));
  } else {
    for (size_t pos = 0; pos < lines.size();) {
      size_t end = lines.find('\n', pos);
      if (end == std::string_view::npos) end = lines.size() - 1;
      std::string_view line = lines.substr(pos, end - pos + 1);
      if (wanted(line)) {
        kept += line;
        ++count;
      }
      pos = end + 1;
    }
    lines = kept;
  }
  if (count == 0) return;
  std::lock_guard lock(pending_mutex_);
  if (pending_events_ == 0) pending_since_ = Clock::now();
  pending_ += lines;
  pending_events_ += count;
  if (pending_events_ >= config_.batch_events) pending_changed_.notify_one();
}

void CenterUploader::flush() {
  std::unique_lock lock(pending_mutex_);
  if (!spool_thread_.joinable()) return;
  uint64_t ticket = ++flush_requested_;
  pending_changed_.notify_one();
  flushed_.wait(lock, [&] { return flush_done_ >= ticket; });
}

void CenterUploader::stop() {
  {
    std::lock_guard lock(send_mutex_);
    if (!draining_) {
      draining_ = true;
      drain_deadline_ = Clock::now() + config_.drain_timeout;
    }
  }
  send_wake_.notify_all();
  {
    std::lock_guard lock(pending_mutex_);
    stopping_ = true;
  }
  pending_changed_.notify_one();
  if (spool_thread_.joinable()) spool_thread_.join();
  if (send_thread_.joinable()) send_thread_.join();
}

UploadStats CenterUploader::stats() const {
  UploadStats s;
  s.uploaded = uploaded_;
  s.spooled = spooled_;
  s.dropped = dropped_;
  s.retries = retries_;
  s.batches_uploaded = batches_uploaded_;
  s.batches_left = spool_->batch_count();
  return s;
}

void CenterUploader::spool_loop() {
  std::unique_lock lock(pending_mutex_);
  for (;;) {
    auto must_cut = [&] {
      return stopping_ || flush_requested_ != flush_done_ || pending_events_ >= config_.batch_events;
    };
    if (pending_events_ == 0) pending_changed_.wait(lock, [&] { return must_cut() || pending_events_ > 0; });
    else pending_changed_.wait_until(lock, pending_since_ + config_.batch_interval, must_cut);
    bool cut = pending_events_ > 0 && (must_cut() || Clock::now() >= pending_since_ + config_.batch_interval);
    uint64_t flush_ticket = flush_requested_;
    bool last = stopping_;
    if (cut) {
      std::string lines = std::move(pending_);
      uint64_t count = std::exchange(pending_events_, 0);
      pending_.clear();
      lock.unlock();
      spool_lines(std::move(lines), count);
      lock.lock();
    }
    flush_done_ = flush_ticket;
    flushed_.notify_all();
    if (last && pending_events_ == 0) break;
  }
  lock.unlock();
  {
    std::lock_guard send_lock(send_mutex_);
    spool_finished_ = true;
  }
  send_wake_.notify_all();
}

void CenterUploader::spool_lines(std::string lines, uint64_t count) {
  std::string_view rest = lines;
  while (count > 0) {
    uint64_t take = std::min<uint64_t>(count, config_.batch_events);
    size_t end = 0;
    for (uint64_t i = 0; i < take; ++i) end = rest.find('\n', end) + 1;
    store_batch(rest.substr(0, end), take);
    rest.remove_prefix(end);
    count -= take;
  }
}

void CenterUploader::store_batch(std::string_view lines, uint64_t count) {
  SpooledBatch batch{Spool::make_id(run_start_usec_, ++sequence_, count), count, 0};
  auto body = gzip_deflate(lines);
  if (!body) {
    dropped_ += count;
    log_(fmt::format("center: batch {} of {} events dropped: {}", batch.id, count, body.error()));
    return;
  }
  auto added = spool_->add(batch, *body);
  if (!added) {
    dropped_ += count;
    log_(fmt::format("center: batch {} of {} events dropped: cannot spool it: {}", batch.id, count, added.error()));
    return;
  }
  for (const auto& dropped : *added) {
    dropped_ += dropped.events;
    log_(fmt::format("center: spool full ({} bytes max): dropped batch {} of {} events", config_.spool_max_bytes,
                     dropped.id, dropped.events));
  }
  bool stored = added->empty() || added->back().id != batch.id;
  if (stored) spooled_ += count;
  {
    std::lock_guard lock(send_mutex_);
    ++batches_added_;
  }
  send_wake_.notify_all();
}

void CenterUploader::send_loop() {
  auto backoff = kFirstRetryInterval;
  for (;;) {
    uint64_t seen = 0;
    bool finished = false;
    std::chrono::milliseconds timeout = kRequestTimeout;
    {
      std::lock_guard lock(send_mutex_);
      seen = batches_added_;
      finished = spool_finished_;
      if (draining_) {
        if (Clock::now() >= drain_deadline_) break;
        timeout = std::min(timeout, std::chrono::duration_cast<std::chrono::milliseconds>(drain_deadline_ - Clock::now()));
      }
    }
    auto batch = spool_->take_oldest();
    if (!batch) {
      if (finished) break;
      std::unique_lock lock(send_mutex_);
      send_wake_.wait(lock, [&] { return batches_added_ != seen || spool_finished_; });
      continue;
    }
    switch (send(*batch, timeout)) {
      case SendOutcome::acknowledged:
        spool_->remove(*batch);
        uploaded_ += batch->events;
        ++batches_uploaded_;
        if (failures_in_a_row_ > 0)
          log_(fmt::format("center: reachable again after {} failed attempts", failures_in_a_row_));
        failures_in_a_row_ = 0;
        backoff = kFirstRetryInterval;
        break;
      case SendOutcome::rejected:
        spool_->remove(*batch);
        dropped_ += batch->events;
        break;
      case SendOutcome::failed:
        spool_->release(*batch);
        ++retries_;
        ++failures_in_a_row_;
        if (!wait_before_retry(backoff)) return;
        backoff = std::min(backoff * 2, config_.max_retry_interval);
        break;
    }
  }
}

CenterUploader::SendOutcome CenterUploader::send(const SpooledBatch& batch, std::chrono::milliseconds timeout) {
  auto body = spool_->read(batch);
  if (!body) {
    log_(fmt::format("center: batch {} dropped: {}", batch.id, body.error()));
    return SendOutcome::rejected;
  }
  HeaderList headers{{"Authorization", "Bearer " + config_.token},
                     {"Content-Type", "application/x-ndjson"},
                     {"Content-Encoding", "gzip"},
                     {"X-Rampart-Batch", batch.id}};
  auto response = poster_->post("/api/v1/events", headers, std::move(*body), timeout);
  // One line per outage, not one per attempt.
  bool first_failure = failures_in_a_row_ == 0;
  if (!response) {
    if (first_failure)
      log_(fmt::format("center: upload failed, batches stay in the spool and are retried: {}", response.error()));
    return SendOutcome::failed;
  }
  if (response->status == 200) return SendOutcome::acknowledged;
  // The center refuses this batch for good (malformed, too large, wrong encoding):
  // sending it again cannot succeed, and keeping it would block every later batch.
  if (response->status == 400 || response->status == 413 || response->status == 415) {
    log_(fmt::format("center: batch {} of {} events refused with {}, dropped: {}", batch.id, batch.events,
                     response->status, response->body));
    return SendOutcome::rejected;
  }
  if (first_failure)
    log_(fmt::format("center: upload of batch {} failed with HTTP {}, retrying: {}", batch.id, response->status,
                     response->body));
  return SendOutcome::failed;
}

bool CenterUploader::wait_before_retry(std::chrono::milliseconds backoff) {
  std::unique_lock lock(send_mutex_);
  auto until = Clock::now() + backoff;
  for (;;) {
    auto limit = draining_ ? std::min(until, drain_deadline_) : until;
    if (Clock::now() >= limit) break;
    send_wake_.wait_until(lock, limit);
  }
  return !(draining_ && Clock::now() >= drain_deadline_);
}

}  // namespace rampart::upload
