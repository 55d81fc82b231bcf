#include "proto/file_store.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <utility>

namespace rampart::proto {

namespace fs = std::filesystem;

std::expected<std::unique_ptr<FileStore>, std::string> FileStore::open(const FileStoreSettings& settings,
                                                                       const std::string& log_dir) {
  fs::path dir = settings.dir;
  if (dir.is_relative()) dir = fs::path(log_dir) / dir;
  std::error_code ec;
  fs::create_directories(dir / "tmp", ec);
  if (ec) return std::unexpected(fmt::format("file-store: cannot create {}: {}", (dir / "tmp").string(), ec.message()));
  return std::unique_ptr<FileStore>(new FileStore(settings, dir.string()));
}

std::string FileStore::temporary_path() {
  // The process id keeps two sensors sharing a directory apart.
  return fmt::format("{}/tmp/file.{}.{}", dir_, ::getpid(), next_temporary_.fetch_add(1));
}

FileSpool::FileSpool(FileSpool&& other) noexcept
    : store_(other.store_), file_(std::move(other.file_)), path_(std::move(other.path_)), failed_(other.failed_),
      stored_(other.stored_) {
  other.path_.clear();
}

FileSpool::~FileSpool() {
  close();
  if (path_.empty() || stored_) return;
  std::error_code ec;
  fs::remove(path_, ec);
  if (ec) ++store_->fs_errors_;
}

bool FileSpool::open_temporary() {
  path_ = store_->temporary_path();
  file_.reset(std::fopen(path_.c_str(), "wb"));
  if (!file_) {
    path_.clear();
    failed_ = true;
    ++store_->fs_errors_;
    return false;
  }
  ++store_->open_files_;
  return true;
}

void FileSpool::close() {
  if (!file_) return;
  if (std::fclose(file_.release()) != 0 && !failed_) {
    failed_ = true;
    ++store_->fs_errors_;
  }
  --store_->open_files_;
}

void FileSpool::write(std::span<const uint8_t> bytes) {
  if (failed_ || stored_ || bytes.empty()) return;
  if (!file_ && (!path_.empty() || !open_temporary())) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) {
    failed_ = true;
    ++store_->fs_errors_;
  }
}

bool FileSpool::store(std::string_view sha256) {
  if (stored_) return true;
  if (failed_ || sha256.size() < 2) return false;
  // An empty file was never opened.
  if (path_.empty() && !open_temporary()) return false;
  close();
  if (failed_) return false;
  fs::path folder = fs::path(store_->dir_) / std::string(sha256.substr(0, 2));
  fs::path target = folder / std::string(sha256);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (!ec) fs::rename(path_, target, ec);
  if (ec) {
    failed_ = true;
    ++store_->fs_errors_;
    return false;
  }
  stored_ = true;
  path_ = target.string();
  ++store_->stored_;
  return true;
}

void FileSpool::write_fileinfo(std::string_view record) {
  if (!stored_ || !store_->writes_fileinfo()) return;
  // Written beside and renamed, as the file itself.
  std::string partial = path_ + ".json.partial";
  std::unique_ptr<std::FILE, Closer> json(std::fopen(partial.c_str(), "wb"));
  bool written = json && std::fwrite(record.data(), 1, record.size(), json.get()) == record.size() &&
                 std::fputc('\n', json.get()) != EOF && std::fclose(json.release()) == 0;
  std::error_code ec;
  if (written) fs::rename(partial, path_ + ".json", ec);
  if (!written || ec) ++store_->fs_errors_;
}

}  // namespace rampart::proto
