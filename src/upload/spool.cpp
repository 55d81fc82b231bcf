#include "upload/spool.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <utility>

namespace rampart::upload {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSuffix = ".ndjson.gz";
constexpr std::string_view kTempPrefix = ".tmp-";
constexpr std::string_view kCountMarker = "-n";

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }
  // Closes now, so the caller sees close's error.
  int release_and_close() {
    int rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string errno_text(const std::string& what, const fs::path& path) {
  return fmt::format("{}: {}: {}", path.string(), what, std::strerror(errno));
}

std::expected<void, std::string> write_durably(const fs::path& path, std::string_view data) {
  FileDescriptor fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (fd.get() < 0) return std::unexpected(errno_text("cannot create", path));
  while (!data.empty()) {
    ssize_t n = ::write(fd.get(), data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return std::unexpected(errno_text("cannot write", path));
    data.remove_prefix(static_cast<size_t>(n));
  }
  if (::fsync(fd.get()) != 0) return std::unexpected(errno_text("cannot fsync", path));
  if (fd.release_and_close() != 0) return std::unexpected(errno_text("cannot close", path));
  return {};
}

std::expected<void, std::string> sync_directory(const fs::path& dir) {
  FileDescriptor fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) return std::unexpected(errno_text("cannot fsync the directory", dir));
  return {};
}

uint64_t events_in_id(std::string_view id) {
  size_t at = id.rfind(kCountMarker);
  if (at == std::string_view::npos) return 0;
  uint64_t n = 0;
  std::string_view digits = id.substr(at + kCountMarker.size());
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return ec == std::errc() && end == digits.data() + digits.size() ? n : 0;
}

}  // namespace

std::string Spool::make_id(uint64_t run_start_usec, uint64_t sequence, uint64_t events) {
  return fmt::format("{:016}-{:010}{}{}", run_start_usec, sequence, kCountMarker, events);
}

std::expected<std::unique_ptr<Spool>, std::string> Spool::open(const fs::path& dir, uint64_t max_bytes) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return std::unexpected(fmt::format("{}: cannot create the spool directory: {}", dir.string(), ec.message()));
  std::unique_ptr<Spool> spool(new Spool(dir, max_bytes));
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.starts_with(kTempPrefix)) {
      fs::remove(entry.path(), ec);
      continue;
    }
    if (!entry.is_regular_file(ec) || !name.ends_with(kSuffix) || name.size() == kSuffix.size()) continue;
    SpooledBatch batch;
    batch.id = name.substr(0, name.size() - kSuffix.size());
    batch.events = events_in_id(batch.id);
    batch.bytes = entry.file_size(ec);
    spool->bytes_ += batch.bytes;
    spool->batches_.emplace(batch.id, batch);
  }
  if (ec) return std::unexpected(fmt::format("{}: cannot list the spool directory: {}", dir.string(), ec.message()));
  return spool;
}

fs::path Spool::path_of(const std::string& id) const { return dir_ / (id + std::string(kSuffix)); }

std::vector<SpooledBatch> Spool::drop_oldest_locked(uint64_t needed) {
  std::vector<SpooledBatch> dropped;
  for (auto it = batches_.begin(); it != batches_.end() && bytes_ + needed > max_bytes_;) {
    if (sending_ == it->first) {
      ++it;
      continue;
    }
    std::error_code ec;
    fs::remove(path_of(it->first), ec);
    bytes_ -= it->second.bytes;
    dropped.push_back(it->second);
    it = batches_.erase(it);
  }
  return dropped;
}

std::expected<std::vector<SpooledBatch>, std::string> Spool::add(const SpooledBatch& batch,
                                                                   std::string_view gzip_body) {
  SpooledBatch stored = batch;
  stored.bytes = gzip_body.size();
  if (stored.bytes > max_bytes_) return std::vector<SpooledBatch>{stored};
  std::vector<SpooledBatch> dropped;
  {
    std::lock_guard lock(mutex_);
    dropped = drop_oldest_locked(stored.bytes);
  }
  fs::path temp = dir_ / (std::string(kTempPrefix) + stored.id);
  if (auto written = write_durably(temp, gzip_body); !written) return std::unexpected(written.error());
  std::error_code ec;
  fs::rename(temp, path_of(stored.id), ec);
  if (ec) return std::unexpected(fmt::format("{}: cannot rename: {}", temp.string(), ec.message()));
  if (auto synced = sync_directory(dir_); !synced) return std::unexpected(synced.error());
  std::lock_guard lock(mutex_);
  bytes_ += stored.bytes;
  batches_.emplace(stored.id, stored);
  return dropped;
}

std::optional<SpooledBatch> Spool::take_oldest() {
  std::lock_guard lock(mutex_);
  if (batches_.empty()) return std::nullopt;
  sending_ = batches_.begin()->first;
  return batches_.begin()->second;
}

std::expected<std::string, std::string> Spool::read(const SpooledBatch& batch) const {
  std::ifstream in(path_of(batch.id), std::ios::binary);
  if (!in) return std::unexpected(errno_text("cannot read", path_of(batch.id)));
  std::ostringstream body;
  body << in.rdbuf();
  return body.str();
}

void Spool::remove(const SpooledBatch& batch) {
  std::lock_guard lock(mutex_);
  if (sending_ == batch.id) sending_.reset();
  auto it = batches_.find(batch.id);
  if (it == batches_.end()) return;
  std::error_code ec;
  fs::remove(path_of(batch.id), ec);
  bytes_ -= it->second.bytes;
  batches_.erase(it);
}

void Spool::release(const SpooledBatch& batch) {
  std::lock_guard lock(mutex_);
  if (sending_ == batch.id) sending_.reset();
}

size_t Spool::batch_count() const {
  std::lock_guard lock(mutex_);
  return batches_.size();
}

uint64_t Spool::byte_count() const {
  std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace rampart::upload
