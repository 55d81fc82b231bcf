// threshold and detection_filter.
#include "rule_test_support.hpp"

namespace rampart::detect {
namespace {

using testing::parse_options;

TEST(Threshold, ParsesInAnyOrder) {
  auto sig = parse_options("threshold:type limit,count 2,track by_src,seconds 300;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->threshold->type, "limit");
  EXPECT_EQ(sig->threshold->track, "by_src");
  EXPECT_EQ(sig->threshold->count, 2u);
  EXPECT_EQ(sig->threshold->seconds, 300u);
}

TEST(Threshold, Backoff) {
  auto sig = parse_options("threshold:type backoff,track by_flow,count 1,multiplier 10;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->threshold->multiplier, 10u);
}

TEST(DetectionFilter, Parses) {
  auto sig = parse_options("detection_filter:track by_dst, count 4, seconds 20;");
  ASSERT_TRUE(sig) << sig.error().detail;
  EXPECT_EQ(sig->detection_filter->type, "detection_filter");
  EXPECT_EQ(sig->detection_filter->track, "by_dst");
  EXPECT_EQ(sig->detection_filter->count, 4u);
}

TEST(Threshold, Errors) {
  EXPECT_EQ(parse_options("threshold:type limit,track by_src,count 1;").error().summary, "invalid threshold");
  EXPECT_EQ(parse_options("threshold:type often,track by_src,count 1,seconds 1;").error().summary, "invalid threshold");
  EXPECT_EQ(parse_options("threshold:type limit,track by_src,count 1,seconds 1; threshold:type limit,track by_src,count 1,seconds 1;")
                .error()
                .summary,
            "duplicate threshold");
  EXPECT_EQ(parse_options("detection_filter:track by_src,count 1,seconds 1; threshold:type limit,track by_src,count 1,seconds 1;")
                .error()
                .summary,
            "conflicting modifiers");
}

}  // namespace
}  // namespace rampart::detect
