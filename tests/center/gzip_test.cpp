#include <gtest/gtest.h>

#include "center/ingest/gzip.hpp"
#include "gzip_compress.hpp"

namespace rampart::center {
namespace {

TEST(Gunzip, RoundTrips) {
  std::string plain(300000, 'x');
  for (size_t i = 0; i < plain.size(); i += 7) plain[i] = static_cast<char>('a' + i % 26);
  auto out = gunzip(testing::gzip_compress(plain), plain.size());
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, plain);
}

TEST(Gunzip, RefusesOutputBeyondTheLimit) {
  auto out = gunzip(testing::gzip_compress(std::string(100000, 'a')), 99999);
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error(), GunzipError::too_large);
}

TEST(Gunzip, RejectsCorruptTruncatedAndTrailingInput) {
  auto packed = testing::gzip_compress("hello world");
  EXPECT_EQ(gunzip("plain text", 1000).error(), GunzipError::corrupt);
  EXPECT_EQ(gunzip(packed.substr(0, packed.size() - 4), 1000).error(), GunzipError::corrupt);
  EXPECT_EQ(gunzip(packed + "junk", 1000).error(), GunzipError::corrupt);
  EXPECT_EQ(gunzip("", 1000).error(), GunzipError::corrupt);
}

}  // namespace
}  // namespace rampart::center
