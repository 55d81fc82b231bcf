// File digests for fileinfo (eve-log files.force-hash), checked against the
// published test vectors of "abc".
#include "proto/file_hasher.hpp"

#include <gtest/gtest.h>

namespace rampart::proto {
namespace {

std::span<const uint8_t> bytes(std::string_view s) { return {reinterpret_cast<const uint8_t*>(s.data()), s.size()}; }

TEST(FileHasher, DigestsOfBytesGivenInPieces) {
  FileHasher h(file_hash::kMd5 | file_hash::kSha1 | file_hash::kSha256);
  h.update(bytes("a"));
  h.update(bytes("bc"));
  FileDigests d = h.finish();
  EXPECT_EQ(d.md5, "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(d.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(d.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(FileHasher, OnlyTheAskedDigests) {
  FileHasher h(file_hash::kSha1);
  h.update(bytes("abc"));
  FileDigests d = h.finish();
  EXPECT_TRUE(d.md5.empty());
  EXPECT_EQ(d.sha1, "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_TRUE(d.sha256.empty());
}

TEST(FileHasher, ForceHashListsAsSuricataWritesThem) {
  EXPECT_EQ(parse_force_hash("[md5, sha256]"), file_hash::kMd5 | file_hash::kSha256);
  EXPECT_EQ(parse_force_hash("sha1"), file_hash::kSha1);
  EXPECT_EQ(parse_force_hash("[]"), 0);
  auto bad = parse_force_hash("[md5, crc32]");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().find("crc32"), std::string::npos);
}

}  // namespace
}  // namespace rampart::proto
