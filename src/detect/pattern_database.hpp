#pragma once
// A multi-literal matcher over Vectorscan/Hyperscan: the fast patterns of one rule
// group compiled into one database, scanned once per buffer. A scan reports each
// pattern that occurs at least once, in any case: the rule's verification checks
// case, and Vectorscan compiles a set that mixes caseless and case-sensitive
// literals up to ten times slower and with eight times the memory (ET Open: 0.9 s
// and 85 MB peak for its largest set, against 0.5 s and 39 MB when all are caseless).
// Scratch space is per thread (PatternScratch).
// Patterns are compiled as escaped expressions rather than through Vectorscan's
// literal API, which cannot take a pattern that starts with a NUL byte: trimming
// those made |00 01| a one-byte pattern hit by most packets. A pattern of NUL bytes
// only is refused.
#include <cstdint>
#include <expected>
#include <memory>
#include <span>
#include <type_traits>
#include <string>
#include <string_view>
#include <vector>

struct hs_database;
struct hs_scratch;

namespace rampart::detect {

struct LiteralPattern {
  std::string bytes;
  bool operator==(const LiteralPattern&) const = default;
};

class PatternDatabase;
class PatternCache;

// The part of a fast pattern handed to the prefilter. Vectorscan filters on the last
// bytes of each literal, so a literal ending in a run of one byte (|14 00 00 00 00
// 00 00 00 00|) is confirmed at every position of such a run in the data (runs of NUL
// bytes are common: ET Open's 13 such patterns were 40% of a database's scan), and a
// few such literals made compiles take 20 times the time and 10 times the memory. The
// literal is cut after its last 4-byte window with at least 3 distinct bytes, ignoring
// case; a literal without one is cut after its first window with the most, but kept to
// 4 bytes. Wherever the pattern occurs its prefix does, so every candidate is found.
std::string_view prefilter_literal(std::string_view pattern);

// Vectorscan's per-thread scratch, sized for every database it is prepared with.
class PatternScratch {
 public:
  PatternScratch() = default;
  std::expected<void, std::string> prepare(const PatternDatabase& db);
  hs_scratch* get() const { return scratch_.get(); }

 private:
  struct Free {
    void operator()(hs_scratch* s) const;
  };
  std::unique_ptr<hs_scratch, Free> scratch_;
};

class PatternDatabase {
 public:
  static std::expected<PatternDatabase, std::string> compile(std::span<const LiteralPattern> patterns);
  // One database per pattern set, compiled on up to `threads` threads (with no more
  // peak memory than compiling the largest set alone); results in the order of the sets.
  // With a cache, sets compiled before are read from it and new ones stored in it.
  static std::vector<std::expected<PatternDatabase, std::string>> compile_all(
      std::span<const std::span<const LiteralPattern>> sets, unsigned threads, PatternCache* cache = nullptr);

  // Vectorscan's serialized form, and a database read back from it (of `patterns`
  // patterns, the count of the set it was compiled from).
  std::expected<std::string, std::string> serialize() const;
  static std::expected<PatternDatabase, std::string> deserialize(std::string_view bytes, size_t patterns);

  size_t size() const { return size_; }
  // Calls on_match(pattern index), or on_match(pattern index, end offset of the match),
  // once for each pattern found in data.
  template <typename OnMatch>
  void scan(std::span<const uint8_t> data, const PatternScratch& scratch, OnMatch&& on_match) const {
    scan_impl(data, scratch, &call<OnMatch>, &on_match);
  }

 private:
  friend class PatternScratch;
  using Callback = void (*)(void* context, uint32_t pattern, uint64_t end);
  template <typename OnMatch>
  static void call(void* context, uint32_t pattern, uint64_t end) {
    auto& on_match = *static_cast<OnMatch*>(context);
    if constexpr (std::is_invocable_v<OnMatch&, uint32_t, uint64_t>) {
      on_match(pattern, end);
    } else {
      on_match(pattern);
    }
  }
  void scan_impl(std::span<const uint8_t> data, const PatternScratch& scratch, Callback cb, void* context) const;

  struct Free {
    void operator()(hs_database* db) const;
  };
  std::unique_ptr<hs_database, Free> db_;
  size_t size_ = 0;
};

}  // namespace rampart::detect
