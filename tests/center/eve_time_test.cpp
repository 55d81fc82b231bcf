#include <gtest/gtest.h>

#include "center/ingest/eve_time.hpp"

namespace rampart::center {
namespace {

TEST(EveTime, ParsesEveAndRfc3339Forms) {
  EXPECT_EQ(parse_eve_time("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_eve_time("2024-01-02T03:04:05.123456+0000"), 1704164645123456);
  EXPECT_EQ(parse_eve_time("2024-01-02T04:04:05.123456+0100"), 1704164645123456);
  EXPECT_EQ(parse_eve_time("2024-01-02T02:34:05.123456-00:30"), 1704164645123456);
  EXPECT_EQ(parse_eve_time("2024-01-02T03:04:05.1Z"), 1704164645100000);
  EXPECT_EQ(parse_eve_time("2024-01-02T03:04:05.123456789Z"), 1704164645123456);
  EXPECT_EQ(parse_eve_time("2024-02-29T00:00:00Z"), 1709164800000000);
}

TEST(EveTime, RejectsMalformedTimes) {
  for (const char* bad : {"", "2024-01-02", "2024-01-02T03:04:05", "2024-13-02T03:04:05Z", "2023-02-29T00:00:00Z",
                          "2024-01-02T24:00:00Z", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05Zjunk",
                          "2024-01-02T03:04:05+2400", "2024-01-02 03:04:05Z", "2024-01-02T03:04:05.1234567890Z"})
    EXPECT_FALSE(parse_eve_time(bad).has_value()) << bad;
}

TEST(EveTime, FormatsUtc) {
  EXPECT_EQ(format_utc_time(1704164645123456), "2024-01-02T03:04:05.123456Z");
  EXPECT_EQ(format_utc_time(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(parse_eve_time(format_utc_time(1709164800000001)), 1709164800000001);
}

}  // namespace
}  // namespace rampart::center
