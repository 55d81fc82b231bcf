// Query parameters of GET /api/v1/alerts and the page cursor.
#include <gtest/gtest.h>

#include "center/api/alert_query_params.hpp"
#include "center/api/query_string.hpp"

namespace rampart::center {
namespace {

TEST(QueryString, SplitsAndDecodes) {
  auto target = parse_target("/api/v1/alerts?src_ip=10.0.0.1&since=2024-01-02T03%3A04%3A05%2B01%3A00&x=a+b&flag");
  ASSERT_TRUE(target) << target.error();
  EXPECT_EQ(target->path, "/api/v1/alerts");
  EXPECT_EQ(target->params.at("src_ip"), "10.0.0.1");
  EXPECT_EQ(target->params.at("since"), "2024-01-02T03:04:05+01:00");
  EXPECT_EQ(target->params.at("x"), "a b");
  EXPECT_EQ(target->params.at("flag"), "");
  EXPECT_FALSE(parse_target("/a?x=%zz"));
  EXPECT_FALSE(parse_target("/a?x=%4"));
  EXPECT_FALSE(parse_target("/a?x=1&x=2"));
}

TEST(AlertQueryParams, ParsesEveryFilter) {
  auto query = parse_alert_query({{"since", "2024-01-02T03:04:05Z"},
                                  {"until", "1704164700"},
                                  {"sensor", "edge-1"},
                                  {"signature_id", "2001"},
                                  {"src_ip", "10.0.0.1"},
                                  {"dest_ip", "10.0.0.2"},
                                  {"ip", "10.0.0.3"},
                                  {"min_severity", "2"},
                                  {"limit", "50"}});
  ASSERT_TRUE(query) << query.error();
  EXPECT_EQ(query->since_us, 1704164645000000);
  EXPECT_EQ(query->until_us, 1704164700000000);
  EXPECT_EQ(query->sensor, "edge-1");
  EXPECT_EQ(query->signature_id, 2001);
  EXPECT_EQ(query->src_ip, "10.0.0.1");
  EXPECT_EQ(query->dest_ip, "10.0.0.2");
  EXPECT_EQ(query->any_ip, "10.0.0.3");
  EXPECT_EQ(query->min_severity, 2);
  EXPECT_EQ(query->limit, 50u);
  EXPECT_EQ(parse_alert_query({})->limit, kDefaultAlertLimit);
}

TEST(AlertQueryParams, RejectsBadValuesNamingTheParameter) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{{"since", "tomorrow"},
                                                                                     {"limit", "0"},
                                                                                     {"limit", "1001"},
                                                                                     {"limit", "ten"},
                                                                                     {"signature_id", "-1"},
                                                                                     {"min_severity", "0"},
                                                                                     {"src_ip", ""},
                                                                                     {"next", "zz"},
                                                                                     {"colour", "red"}}) {
    auto query = parse_alert_query({{name, value}});
    ASSERT_FALSE(query) << name;
    EXPECT_NE(query.error().find(name), std::string::npos) << query.error();
  }
}

TEST(AlertCursor, RoundTripsAndRejectsForgeries) {
  AlertCursor cursor{1704164645123456, 42};
  auto text = encode_cursor(cursor);
  auto back = decode_cursor(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->time_us, cursor.time_us);
  EXPECT_EQ(back->id, cursor.id);
  EXPECT_FALSE(decode_cursor(""));
  EXPECT_FALSE(decode_cursor("abc"));
  EXPECT_FALSE(decode_cursor(text.substr(0, text.size() - 4)));  // "1704...456." has no id
  EXPECT_FALSE(decode_cursor(encode_cursor({1, -5})));
}

}  // namespace
}  // namespace rampart::center
