// Tokens, token hashes, argon2id passwords and the Authorization header.
#include <gtest/gtest.h>

#include "center/identity/credentials.hpp"

namespace rampart::center {
namespace {

TEST(Credentials, TokensAreRandomAndPrefixed) {
  auto a = generate_api_token();
  auto b = generate_api_token();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->size(), 4u + 64u);
  EXPECT_EQ(a->rfind("rpt_", 0), 0u);
  EXPECT_NE(*a, *b);
}

TEST(Credentials, TokenHashIsSha256Hex) {
  EXPECT_EQ(token_hash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_NE(token_hash("rpt_a"), token_hash("rpt_b"));
}

TEST(Credentials, PasswordsHashWithArgon2idAndVerify) {
  auto hash = hash_password("correct horse");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(verify_password(*hash, "correct horse"));
  EXPECT_FALSE(verify_password(*hash, "correct horsE"));
  EXPECT_FALSE(verify_password("not a hash", "correct horse"));
  auto again = hash_password("correct horse");
  EXPECT_NE(*hash, *again);  // salted
}

TEST(Credentials, BearerTokenIsTakenFromTheHeader) {
  EXPECT_EQ(bearer_token("Bearer rpt_x"), "rpt_x");
  EXPECT_EQ(bearer_token("bearer  rpt_x "), "rpt_x");
  EXPECT_EQ(bearer_token("Basic dXNlcjpwYXNz"), "");
  EXPECT_EQ(bearer_token("Bearer "), "");
  EXPECT_EQ(bearer_token(""), "");
}

}  // namespace
}  // namespace rampart::center
