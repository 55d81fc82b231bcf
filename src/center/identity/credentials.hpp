#pragma once
// Secrets of the center's identities. API tokens are 32 random bytes shown once as
// "rpt_" + 64 hex digits; only their SHA-256 (hex) is stored, so a token is checked
// by hashing what the client sent. Passwords are hashed with argon2id (libargon2)
// into the self-describing PHC string.
#include <expected>
#include <string>
#include <string_view>

namespace rampart::center {

struct CredentialError {
  std::string detail;
};

std::expected<std::string, CredentialError> generate_api_token();
std::string token_hash(std::string_view token);

std::expected<std::string, CredentialError> hash_password(std::string_view password);
bool verify_password(const std::string& encoded_hash, std::string_view password);

// The token of an "Authorization: Bearer TOKEN" header, or empty when the header has another form.
std::string_view bearer_token(std::string_view authorization);

}  // namespace rampart::center
