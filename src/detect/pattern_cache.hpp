#pragma once
// An on-disk cache of compiled Vectorscan databases (Suricata 8's sgh-mpm-caching):
// a database is stored under the SHA-256 of the Vectorscan version, the compile mode
// and its patterns, so a rule load whose groups did not change reads the databases
// back instead of compiling them. Files are written to a temporary name and renamed,
// so concurrent sensors never read half a file; a file that does not deserialize is
// treated as absent and replaced. Files unused for max_age are deleted by prune().
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "detect/pattern_database.hpp"

namespace rampart::detect {

struct PatternCacheStats {
  size_t hits = 0, stored = 0, errors = 0, pruned = 0;
};

class PatternCache {
 public:
  explicit PatternCache(std::filesystem::path dir, std::chrono::seconds max_age = std::chrono::hours(24 * 7));

  // The cache file name of a pattern set.
  static std::string key(std::span<const LiteralPattern> patterns);
  std::optional<PatternDatabase> load(std::span<const LiteralPattern> patterns);
  void store(std::span<const LiteralPattern> patterns, const PatternDatabase& db);
  // Deletes cache files not used (loaded or stored) for max_age.
  void prune();
  PatternCacheStats stats() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
  std::chrono::seconds max_age_;
  std::atomic<size_t> hits_{0}, stored_{0}, errors_{0}, pruned_{0}, next_temporary_{0};
};

}  // namespace rampart::detect
