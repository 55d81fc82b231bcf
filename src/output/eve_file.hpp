#pragma once
// The eve.json file: workers hand it whole lines in batches; a mutex keeps each
// batch contiguous, so the lines of one worker (and so of one flow) stay in order.
#include <cstdio>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace rampart::output {

class EveFile {
 public:
  // Opens path for appending (as Suricata's default filemode does).
  static std::expected<std::unique_ptr<EveFile>, std::string> open(const std::string& path);

  // lines: whole records, `records` of them.
  void write(std::string_view lines, uint64_t records);
  void flush();
  uint64_t records_written() const { return records_; }
  // Also hands every batch of lines, in file order, to tee (the center uploader);
  // set before the workers start. tee must not block.
  void set_tee(std::function<void(std::string_view)> tee) { tee_ = std::move(tee); }

 private:
  struct Closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  explicit EveFile(std::FILE* f) : file_(f) {}
  std::unique_ptr<std::FILE, Closer> file_;
  std::mutex mutex_;
  uint64_t records_ = 0;
  std::function<void(std::string_view)> tee_;
};

// A worker's output buffer: records accumulate here and go to the file in large
// batches (or at flush()).
class EveBuffer {
 public:
  explicit EveBuffer(EveFile* file) : file_(file) {}
  ~EveBuffer() { flush(); }
  EveBuffer(const EveBuffer&) = delete;
  EveBuffer& operator=(const EveBuffer&) = delete;

  std::string& text() { return text_; }
  // Call after appending each complete line.
  void end_record() {
    text_ += '\n';
    ++records_;
    if (text_.size() >= kFlushBytes) flush();
  }
  void flush() {
    if (file_ != nullptr && !text_.empty()) file_->write(text_, records_);
    text_.clear();
    records_ = 0;
  }
  // flush(), then the file's own buffer to disk: live capture's records are read
  // while the sensor runs.
  void flush_to_file() {
    flush();
    if (file_ != nullptr) file_->flush();
  }

 private:
  static constexpr size_t kFlushBytes = 256 * 1024;
  EveFile* file_;
  std::string text_;
  uint64_t records_ = 0;
};

}  // namespace rampart::output
