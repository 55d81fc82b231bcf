#include "detect/pattern_cache.hpp"

#include <hs/hs.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <fmt/format.h>

#include <fstream>
#include <iterator>
#include <memory>

namespace rampart::detect {

namespace {

namespace fs = std::filesystem;

// What a compiled database depends on besides its patterns: the library version
// and the compile mode and flags (pattern_database.cpp compiles block-mode
// single-match caseless escaped literals). Bump the format tag when that compile changes.
constexpr std::string_view kFormat = "rampart-escaped-caseless-block-singlematch-2";

void add_sized(EVP_MD_CTX* ctx, std::string_view bytes) {
  uint64_t size = bytes.size();
  EVP_DigestUpdate(ctx, &size, sizeof size);
  EVP_DigestUpdate(ctx, bytes.data(), bytes.size());
}

std::optional<std::string> read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

void mark_used(const fs::path& path) {
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
}

}  // namespace

PatternCache::PatternCache(fs::path dir, std::chrono::seconds max_age) : dir_(std::move(dir)), max_age_(max_age) {}

std::string PatternCache::key(std::span<const LiteralPattern> patterns) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  add_sized(ctx.get(), kFormat);
  add_sized(ctx.get(), hs_version());
  for (const auto& p : patterns) add_sized(ctx.get(), p.bytes);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  std::string hex;
  for (unsigned i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex + ".hs";
}

std::optional<PatternDatabase> PatternCache::load(std::span<const LiteralPattern> patterns) {
  fs::path path = dir_ / key(patterns);
  auto bytes = read_file(path);
  if (!bytes) return std::nullopt;
  auto db = PatternDatabase::deserialize(*bytes, patterns.size());
  if (!db) {
    ++errors_;
    return std::nullopt;
  }
  mark_used(path);
  ++hits_;
  return std::move(*db);
}

void PatternCache::store(std::span<const LiteralPattern> patterns, const PatternDatabase& db) {
  auto bytes = db.serialize();
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::path path = dir_ / key(patterns);
  // A name of its own per writer, so two sensors storing the same set do not mix bytes.
  fs::path temporary = path;
  temporary += fmt::format(".{}.{}.tmp", getpid(), next_temporary_++);
  bool written = false;
  if (bytes && !ec) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    written = static_cast<bool>(out.flush());
  }
  if (written) fs::rename(temporary, path, ec);
  if (!written || ec) {
    fs::remove(temporary, ec);
    ++errors_;
    return;
  }
  ++stored_;
}

void PatternCache::prune() {
  std::error_code ec;
  auto oldest = fs::file_time_type::clock::now() - max_age_;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    if (!entry.is_regular_file(ec) || entry.path().extension() != ".hs") continue;
    if (entry.last_write_time(ec) < oldest && fs::remove(entry.path(), ec)) ++pruned_;
  }
}

PatternCacheStats PatternCache::stats() const { return {hits_.load(), stored_.load(), errors_.load(), pruned_.load()}; }

}  // namespace rampart::detect
