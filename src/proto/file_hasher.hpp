#pragma once
// Digests of a file a protocol carries (an HTTP download or upload), computed
// over its bytes as they pass, for the fileinfo record's md5/sha1/sha256
// (eve-log `files.force-hash`). The whole file is hashed, not only the part
// kept for detection.
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <string>
#include <string_view>

namespace rampart::proto {

namespace file_hash {
inline constexpr uint8_t kMd5 = 1, kSha1 = 2, kSha256 = 4;
}

// "[md5, sha256]", "sha1" ... as a set of file_hash bits; unknown names are errors.
std::expected<uint8_t, std::string> parse_force_hash(std::string_view list);

// Lower-case hex; empty when not computed.
struct FileDigests {
  std::string md5, sha1, sha256;
};

class FileHasher {
 public:
  explicit FileHasher(uint8_t which);
  ~FileHasher();
  FileHasher(FileHasher&&) noexcept;
  FileHasher& operator=(FileHasher&&) noexcept;

  void update(std::span<const uint8_t> bytes);
  // The digests of everything given so far; the hasher is spent afterwards.
  FileDigests finish();

 private:
  struct Contexts;
  std::unique_ptr<Contexts> contexts_;
};

}  // namespace rampart::proto
