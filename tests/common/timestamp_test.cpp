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

TEST(TimestampFormatter, HandlesLeapDaysCenturiesAndAlternatingHours) {
  setenv("TZ", "UTC", 1);
  tzset();
  TimestampFormatter f;
  std::string out;
  f.append(out, 951782400000000ULL);  // 2000-02-29T00:00:00 (a leap day in a 400-year century)
  EXPECT_EQ(out, "2000-02-29T00:00:00.000000+0000");
  out.clear();
  f.append(out, 0);
  EXPECT_EQ(out, "1970-01-01T00:00:00.000000+0000");
  out.clear();
  f.append(out, 4102444799999999ULL);  // the last microsecond of 2099
  EXPECT_EQ(out, "2099-12-31T23:59:59.999999+0000");
  setenv("TZ", "America/New_York", 1);
  tzset();
  TimestampFormatter ny;
  out.clear();
  ny.append(out, 1710054000000000ULL);  // 2024-03-10T07:00:00Z: 03:00 EDT, just after the DST switch
  EXPECT_EQ(out, "2024-03-10T03:00:00.000000-0400");
  out.clear();
  ny.append(out, 1710050400000000ULL);  // one hour earlier: 01:00 EST
  EXPECT_EQ(out, "2024-03-10T01:00:00.000000-0500");
  setenv("TZ", "UTC", 1);
  tzset();
}

}  // namespace
}  // namespace rampart
