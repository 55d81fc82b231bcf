#include "detect/pattern_database.hpp"

#include <hs/hs.h>
#include <malloc.h>

#include <fmt/format.h>

#include "detect/pattern_cache.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <thread>

namespace rampart::detect {

namespace {

// Hands a compile's freed scratch back to the system before the next one (ET Open:
// 198 MB peak RSS instead of 237 MB). Not under AddressSanitizer: it replaces
// malloc, and glibc's malloc_trim then walks arenas it never set up (a crash seen
// in the sanitized test run).
void return_freed_memory() {
#if !defined(__SANITIZE_ADDRESS__)
  malloc_trim(0);
#endif
}

struct ScanContext {
  void (*callback)(void*, uint32_t, uint64_t);
  void* context;
};

int on_hs_match(unsigned int id, unsigned long long, unsigned long long to, unsigned int, void* ctx) {
  auto* scan = static_cast<ScanContext*>(ctx);
  scan->callback(scan->context, id, to);
  return 0;
}

}  // namespace

void PatternScratch::Free::operator()(hs_scratch* s) const { hs_free_scratch(s); }
void PatternDatabase::Free::operator()(hs_database* db) const { hs_free_database(db); }

std::expected<void, std::string> PatternScratch::prepare(const PatternDatabase& db) {
  hs_scratch_t* s = scratch_.release();
  hs_error_t err = hs_alloc_scratch(db.db_.get(), &s);
  scratch_.reset(s);
  if (err != HS_SUCCESS) return std::unexpected(fmt::format("cannot allocate Vectorscan scratch (error {})", err));
  return {};
}

namespace {

// A literal as a Vectorscan expression: every byte escaped (\xHH), so NUL bytes and
// regex metacharacters stand for themselves.
std::string escaped_literal(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(bytes.size() * 4, '\\');
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    out[4 * i + 1] = 'x';
    out[4 * i + 2] = kHex[c >> 4];
    out[4 * i + 3] = kHex[c & 15];
  }
  return out;
}

}  // namespace

namespace {

constexpr size_t kWindow = 4, kDistinctEnough = 3;

// The distinct bytes, ignoring case, of the window of pattern ending before end (at
// most kDistinctEnough: more says nothing more).
size_t window_score(std::string_view pattern, size_t end) {
  std::array<unsigned char, kWindow> seen{};
  size_t distinct = 0;
  for (size_t i = end > kWindow ? end - kWindow : 0; i < end; ++i) {
    auto c = static_cast<unsigned char>(std::tolower(static_cast<unsigned char>(pattern[i])));
    auto known = seen.begin() + static_cast<std::ptrdiff_t>(distinct);
    if (std::find(seen.begin(), known, c) == known) seen[distinct++] = c;
  }
  return std::min(distinct, kDistinctEnough);
}

}  // namespace

std::string_view prefilter_literal(std::string_view pattern) {
  std::vector<size_t> scores;
  for (size_t end = 1; end <= pattern.size(); ++end) scores.push_back(window_score(pattern, end));
  if (scores.empty()) return pattern;
  size_t best = *std::max_element(scores.begin(), scores.end());
  if (best >= kDistinctEnough) {
    auto last = std::find(scores.rbegin(), scores.rend(), best);
    return pattern.substr(0, static_cast<size_t>(scores.rend() - last));
  }
  size_t first = static_cast<size_t>(std::find(scores.begin(), scores.end(), best) - scores.begin()) + 1;
  return pattern.substr(0, std::max(first, std::min(kWindow, pattern.size())));
}

std::expected<PatternDatabase, std::string> PatternDatabase::compile(std::span<const LiteralPattern> patterns) {
  if (patterns.empty()) return std::unexpected(std::string("no patterns"));
  std::vector<std::string> expressions;
  std::vector<const char*> pointers;
  std::vector<unsigned> flags, ids;
  expressions.reserve(patterns.size());
  for (size_t i = 0; i < patterns.size(); ++i) {
    const std::string& bytes = patterns[i].bytes;
    if (bytes.find_first_not_of('\0') == std::string::npos)
      return std::unexpected(fmt::format("pattern {} is empty or NUL bytes only", i));
    expressions.push_back(escaped_literal(bytes));
    pointers.push_back(expressions.back().c_str());
    flags.push_back(HS_FLAG_SINGLEMATCH | HS_FLAG_CASELESS);
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  hs_error_t err = hs_compile_multi(pointers.data(), flags.data(), ids.data(), static_cast<unsigned>(patterns.size()),
                                    HS_MODE_BLOCK, nullptr, &db, &error);
  if (err != HS_SUCCESS) {
    std::string message = error != nullptr && error->message != nullptr ? error->message : "unknown error";
    if (error != nullptr) message += fmt::format(" (pattern {})", error->expression);
    hs_free_compile_error(error);
    return std::unexpected(fmt::format("Vectorscan compile failed: {}", message));
  }
  PatternDatabase out;
  out.db_.reset(db);
  out.size_ = patterns.size();
  return out;
}

std::expected<std::string, std::string> PatternDatabase::serialize() const {
  char* bytes = nullptr;
  size_t length = 0;
  if (!db_ || hs_serialize_database(db_.get(), &bytes, &length) != HS_SUCCESS)
    return std::unexpected(std::string("Vectorscan could not serialize the database"));
  std::unique_ptr<char, decltype(&std::free)> owned(bytes, &std::free);
  return std::string(bytes, length);
}

std::expected<PatternDatabase, std::string> PatternDatabase::deserialize(std::string_view bytes, size_t patterns) {
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS)
    return std::unexpected(std::string("not a Vectorscan database of this version and platform"));
  PatternDatabase out;
  out.db_.reset(db);
  out.size_ = patterns;
  return out;
}

namespace {

// Vectorscan's compile memory grows with the pattern count; compiles run together
// only while their patterns add up to no more than the largest set's, so compiling
// in parallel does not raise the peak memory of a rule load above compiling the
// largest database alone.
class CompileBudget {
 public:
  explicit CompileBudget(size_t limit) : limit_(limit) {}
  void acquire(size_t cost) {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [&] { return in_use_ == 0 || in_use_ + cost <= limit_; });
    in_use_ += cost;
  }
  void release(size_t cost) {
    {
      std::lock_guard lock(mutex_);
      in_use_ -= cost;
    }
    freed_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable freed_;
  size_t limit_;
  size_t in_use_ = 0;
};

}  // namespace

std::vector<std::expected<PatternDatabase, std::string>> PatternDatabase::compile_all(
    std::span<const std::span<const LiteralPattern>> sets, unsigned threads, PatternCache* cache) {
  std::vector<std::expected<PatternDatabase, std::string>> out;
  out.reserve(sets.size());
  for (size_t i = 0; i < sets.size(); ++i) out.emplace_back(std::unexpect, "not compiled");
  // In the given order: compiling the largest sets first left a more fragmented heap
  // (ET Open: 235 MB peak RSS instead of 198 MB, on one thread as on two).
  size_t largest = 0;
  for (const auto& set : sets) largest = std::max(largest, set.size());
  CompileBudget budget(largest);
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t k = next++; k < sets.size(); k = next++) {
      if (cache != nullptr) {
        if (auto cached = cache->load(sets[k])) {
          out[k] = std::move(*cached);
          continue;
        }
      }
      budget.acquire(sets[k].size());
      out[k] = compile(sets[k]);
      if (cache != nullptr && out[k]) cache->store(sets[k], *out[k]);
      return_freed_memory();
      budget.release(sets[k].size());
    }
  };
  {
    std::vector<std::jthread> pool;
    size_t helpers = std::min<size_t>(std::max(threads, 1u), sets.size());
    for (size_t t = 1; t < helpers; ++t) pool.emplace_back(work);
    work();
  }
  return out;
}

void PatternDatabase::scan_impl(std::span<const uint8_t> data, const PatternScratch& scratch, Callback cb,
                                void* context) const {
  if (data.empty() || !db_) return;
  ScanContext scan{cb, context};
  // Scans are bounded by the buffer; an error here can only be a programming error
  // (scratch not prepared), which leaves the buffer without prefilter hits.
  hs_scan(db_.get(), reinterpret_cast<const char*>(data.data()), static_cast<unsigned>(data.size()), 0,
          scratch.get(), on_hs_match, &scan);
}

}  // namespace rampart::detect
