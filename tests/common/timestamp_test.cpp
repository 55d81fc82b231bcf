#include "common/timestamp.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>

namespace rampart {
namespace {

TEST(TimestampFormatter, WritesSuricataFormatInLocalTime) {
  setenv("TZ", "UTC", 1);
  tzset();
  TimestampFormatter f;
  std::string out;
  f.append(out, 1704164645123456ULL);  // 2024-01-02 03:04:05.123456 UTC
  EXPECT_EQ(out, "2024-01-02T03:04:05.123456+0000");
  out.clear();
  f.append(out, 1704164645000007ULL);  // same second (cached date part), new fraction
  EXPECT_EQ(out, "2024-01-02T03:04:05.000007+0000");
  setenv("TZ", "Asia/Kolkata", 1);
  tzset();
  TimestampFormatter india;
  out.clear();
  india.append(out, 1704164645000000ULL);
  EXPECT_EQ(out, "2024-01-02T08:34:05.000000+0530");
  setenv("TZ", "UTC", 1);
  tzset();
}

}  // namespace
}  // namespace rampart
