#pragma once
// file-store (Suricata's file-store v2 output): files written whole to
// DIR/<first two hex digits of their SHA-256>/<SHA-256>, with an optional
// <SHA-256>.json holding the file's fileinfo record. A file's bytes are streamed,
// chunk by chunk as the parser decodes them, into a temporary file in DIR/tmp (no
// file is ever held in memory); when the file ends and a filestore rule or
// force-filestore asked for it, the temporary file is renamed into place (atomic:
// a reader never sees half a file), else it is removed. Workers share one FileStore.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto {

// outputs.N.file-store: the settings of the output.
struct FileStoreSettings {
  bool enabled = false;
  std::string dir = "filestore";  // relative: in the log directory
  bool force = false;             // force-filestore: every file is stored
  bool write_fileinfo = false;    // write-fileinfo: <sha256>.json beside each stored file
  uint32_t stream_depth = 0;      // stream-depth: the reassembly depth of flows with a file (0: unset)
  // The depth a flow takes once it carries a file that may be stored, as Suricata:
  // stream-depth when set and larger than stream.reassembly.depth (or that is
  // unlimited), else 0 (the flow keeps its depth).
  uint32_t flow_depth(uint32_t reassembly_depth) const {
    return stream_depth != 0 && stream_depth > reassembly_depth ? stream_depth : 0;
  }
};

struct FileStoreStats {
  uint64_t open_files = 0;  // temporary files open now
  uint64_t fs_errors = 0;   // files that could not be written, renamed or removed
  uint64_t stored = 0;
};

class FileStore;

// One file's bytes on their way to the store. Move-only; a spool never stored
// removes its temporary file when destroyed.
class FileSpool {
 public:
  explicit FileSpool(FileStore& store) : store_(&store) {}
  ~FileSpool();
  FileSpool(FileSpool&& other) noexcept;
  FileSpool& operator=(FileSpool&&) = delete;
  FileSpool(const FileSpool&) = delete;

  // Appends bytes of the file (the temporary file is created at the first call).
  void write(std::span<const uint8_t> bytes);
  // Moves the file into the store under sha256 (lower-case hex). False on a file system error.
  bool store(std::string_view sha256);
  bool stored() const { return stored_; }
  // After store(): the file's fileinfo record goes to <sha256>.json when the store writes them.
  void write_fileinfo(std::string_view record);

 private:
  bool open_temporary();
  void close();
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  FileStore* store_;
  std::unique_ptr<std::FILE, Closer> file_;
  std::string path_;
  bool failed_ = false;
  bool stored_ = false;
};

class FileStore {
 public:
  // Creates dir and dir/tmp; dir relative to log_dir.
  static std::expected<std::unique_ptr<FileStore>, std::string> open(const FileStoreSettings& settings,
                                                                     const std::string& log_dir);
  bool forced() const { return settings_.force; }
  bool writes_fileinfo() const { return settings_.write_fileinfo; }
  FileStoreStats stats() const { return {open_files_.load(), fs_errors_.load(), stored_.load()}; }

 private:
  friend class FileSpool;
  FileStore(FileStoreSettings settings, std::string dir) : settings_(std::move(settings)), dir_(std::move(dir)) {}
  std::string temporary_path();

  FileStoreSettings settings_;
  std::string dir_;
  std::atomic<uint64_t> next_temporary_{0};
  std::atomic<uint64_t> open_files_{0}, fs_errors_{0}, stored_{0};
};

}  // namespace rampart::proto
