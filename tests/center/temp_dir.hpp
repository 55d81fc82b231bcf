#pragma once
// A fresh directory under the system temp dir, removed with its contents at scope exit.
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace rampart::center::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("rampart-center-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// An EVE alert line with the fields the center indexes.
inline std::string alert_line(const std::string& timestamp, int64_t sid, int severity, const std::string& src,
                              const std::string& dest) {
  return "{\"timestamp\":\"" + timestamp + "\",\"event_type\":\"alert\",\"src_ip\":\"" + src +
         "\",\"dest_ip\":\"" + dest + "\",\"alert\":{\"signature_id\":" + std::to_string(sid) +
         ",\"severity\":" + std::to_string(severity) + ",\"signature\":\"sig " + std::to_string(sid) + "\"}}";
}

}  // namespace rampart::center::testing
