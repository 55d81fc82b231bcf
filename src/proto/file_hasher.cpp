#include "proto/file_hasher.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <array>

#include "proto/setting_list.hpp"

namespace rampart::proto {

namespace {

struct ContextFree {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using Context = std::unique_ptr<EVP_MD_CTX, ContextFree>;

Context start(const EVP_MD* md) {
  Context ctx(EVP_MD_CTX_new());
  if (ctx && EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) ctx.reset();
  return ctx;
}

std::string finish_hex(Context& ctx) {
  if (!ctx) return {};
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1) length = 0;
  ctx.reset();
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

}  // namespace

std::expected<uint8_t, std::string> parse_force_hash(std::string_view list) {
  uint8_t which = 0;
  auto added = for_each_item(list, [&](std::string_view name) -> std::expected<void, std::string> {
    if (name == "md5") which |= file_hash::kMd5;
    else if (name == "sha1") which |= file_hash::kSha1;
    else if (name == "sha256") which |= file_hash::kSha256;
    else return std::unexpected(fmt::format("'{}' is not a file hash (md5, sha1, sha256)", name));
    return {};
  });
  if (!added) return std::unexpected(added.error());
  return which;
}

struct FileHasher::Contexts {
  Context md5, sha1, sha256;
};

FileHasher::FileHasher(uint8_t which) : contexts_(std::make_unique<Contexts>()) {
  if (which & file_hash::kMd5) contexts_->md5 = start(EVP_md5());
  if (which & file_hash::kSha1) contexts_->sha1 = start(EVP_sha1());
  if (which & file_hash::kSha256) contexts_->sha256 = start(EVP_sha256());
}

FileHasher::~FileHasher() = default;
FileHasher::FileHasher(FileHasher&&) noexcept = default;
FileHasher& FileHasher::operator=(FileHasher&&) noexcept = default;

void FileHasher::update(std::span<const uint8_t> bytes) {
  for (Context* ctx : {&contexts_->md5, &contexts_->sha1, &contexts_->sha256})
    if (*ctx) EVP_DigestUpdate(ctx->get(), bytes.data(), bytes.size());
}

FileDigests FileHasher::finish() {
  return {finish_hex(contexts_->md5), finish_hex(contexts_->sha1), finish_hex(contexts_->sha256)};
}

}  // namespace rampart::proto
