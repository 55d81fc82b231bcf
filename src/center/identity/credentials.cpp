#include "center/identity/credentials.hpp"

#include <argon2.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdint>
#include <vector>

namespace rampart::center {

namespace {

// OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane.
constexpr uint32_t kArgonPasses = 2;
constexpr uint32_t kArgonMemoryKiB = 19 * 1024;
constexpr uint32_t kArgonLanes = 1;
constexpr size_t kSaltBytes = 16;
constexpr size_t kHashBytes = 32;
constexpr size_t kTokenBytes = 32;
constexpr std::string_view kTokenPrefix = "rpt_";

std::string to_hex(const unsigned char* bytes, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out.push_back(kDigits[bytes[i] >> 4]);
    out.push_back(kDigits[bytes[i] & 0xf]);
  }
  return out;
}

}  // namespace

std::expected<std::string, CredentialError> generate_api_token() {
  std::array<unsigned char, kTokenBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    return std::unexpected(CredentialError{"no randomness for a token"});
  return std::string(kTokenPrefix) + to_hex(bytes.data(), bytes.size());
}

std::string token_hash(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  EVP_Digest(token.data(), token.size(), digest.data(), &size, EVP_sha256(), nullptr);
  return to_hex(digest.data(), size);
}

std::expected<std::string, CredentialError> hash_password(std::string_view password) {
  std::array<unsigned char, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return std::unexpected(CredentialError{"no randomness for a salt"});
  size_t encoded_size = argon2_encodedlen(kArgonPasses, kArgonMemoryKiB, kArgonLanes, kSaltBytes, kHashBytes, Argon2_id);
  std::vector<char> encoded(encoded_size);
  int status = argon2id_hash_encoded(kArgonPasses, kArgonMemoryKiB, kArgonLanes, password.data(), password.size(),
                                     salt.data(), salt.size(), kHashBytes, encoded.data(), encoded.size());
  if (status != ARGON2_OK) return std::unexpected(CredentialError{argon2_error_message(status)});
  return std::string(encoded.data());
}

bool verify_password(const std::string& encoded_hash, std::string_view password) {
  return argon2id_verify(encoded_hash.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string_view bearer_token(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i)
    if ((authorization[i] | 0x20) != (kScheme[i] | 0x20)) return {};
  auto token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return token;
}

}  // namespace rampart::center
