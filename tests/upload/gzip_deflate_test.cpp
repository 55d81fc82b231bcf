#include "upload/gzip_deflate.hpp"

#include <gtest/gtest.h>
#include <zlib.h>

namespace rampart::upload {
namespace {

std::string gunzip(const std::string& gz) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out(1 << 20, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(rc == Z_STREAM_END ? z.total_out : 0);
  inflateEnd(&z);
  return out;
}

TEST(GzipDeflate, RoundTripsThroughZlib) {
  std::string lines;
  for (int i = 0; i < 2000; ++i) lines += R"({"event_type":"alert","n":)" + std::to_string(i) + "}\n";
  auto gz = gzip_deflate(lines);
  ASSERT_TRUE(gz) << gz.error();
  EXPECT_EQ(static_cast<unsigned char>((*gz)[0]), 0x1f);  // gzip magic
  EXPECT_LT(gz->size(), lines.size() / 4);
  EXPECT_EQ(gunzip(*gz), lines);
  EXPECT_EQ(gunzip(gzip_deflate("").value()), "");
}

}  // namespace
}  // namespace rampart::upload
