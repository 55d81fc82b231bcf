// Indicator objects as sensors receive them, and the indicator page format.
#include <gtest/gtest.h>

#include "intel/deployable_indicator.hpp"

namespace rampart::intel {
namespace {

Json indicator(const std::string& pattern, const std::string& extra = "") {
  return Json::parse(R"({"type":"indicator","spec_version":"2.1","id":"indicator--00000000-0000-4000-8000-000000000001",)"
                     R"("created":"2024-03-01T10:00:00.000Z","modified":"2024-03-01T10:00:00.000Z","name":"Bad host",)"
                     R"("pattern_type":"stix","valid_from":"2024-03-01T00:00:00Z","pattern":")" +
                     pattern + "\"" + extra + "}");
}

constexpr int64_t kMarch2024 = 1709294400000000;  // 2024-03-01T12:00:00Z

TEST(DeployableIndicator, CompilesNameAndObservables) {
  auto deployed = deployable_indicator(
      indicator("[ipv4-addr:value = '198.51.100.7'] OR [domain-name:value = 'Evil.Example.']",
                R"(,"valid_until":"2024-04-01T00:00:00.5Z")"),
      kMarch2024);
  ASSERT_TRUE(deployed) << deployed.error();
  EXPECT_EQ(deployed->id, "indicator--00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(deployed->name, "Bad host");
  EXPECT_EQ(deployed->valid_until_us, 1711929600500000);
  ASSERT_EQ(deployed->observables.size(), 2u);
  EXPECT_EQ(deployed->observables[0].value, "198.51.100.7/32");
  EXPECT_EQ(deployed->observables[1].kind, SensorIndicatorKind::Domain);
  EXPECT_EQ(deployed->observables[1].value, "evil.example");
}

TEST(DeployableIndicator, NamesWhyItIsNotDeployed) {
  EXPECT_EQ(deployable_indicator(indicator("[ipv4-addr:value = '10.0.0.1']", R"(,"revoked":true)"), kMarch2024).error(),
            "revoked");
  EXPECT_EQ(deployable_indicator(indicator("[ipv4-addr:value = '10.0.0.1']", R"(,"valid_until":"2024-03-01T12:00:00Z")"),
                                 kMarch2024)
                .error(),
            "expired");
  EXPECT_EQ(deployable_indicator(indicator("[ipv4-addr:value = '10.0.0.1' AND ipv4-addr:value = '10.0.0.2']"), kMarch2024)
                .error()
                .rfind("not deployable to sensors", 0),
            0u);
  auto no_name = indicator("[url:value = 'http://a.example/x']");
  no_name.erase("name");
  EXPECT_EQ(deployable_indicator(no_name, kMarch2024)->name, "indicator--00000000-0000-4000-8000-000000000001");
  EXPECT_EQ(deployable_indicator(Json::parse(R"({"type":"malware"})"), kMarch2024).error(), "not an indicator");
}

TEST(IndicatorFeedPage, RoundTrips) {
  IndicatorFeedPage page;
  page.version = "1709294400000000-17";
  page.more = true;
  auto deployed = deployable_indicator(
      indicator("[ipv6-addr:value = '2001:db8::/32'] OR [url:value = 'http://a.example/x']",
                R"(,"valid_until":"2024-04-01T00:00:00.123456Z")"),
      kMarch2024);
  ASSERT_TRUE(deployed);
  page.indicators.push_back(*deployed);
  page.removed = {"indicator--00000000-0000-4000-8000-000000000002"};
  auto text = feed_page_json(page);
  EXPECT_NE(text.find(R"("valid_until":"2024-04-01T00:00:00.123456Z")"), std::string::npos) << text;
  auto parsed = parse_feed_page(text);
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->version, page.version);
  EXPECT_TRUE(parsed->more);
  EXPECT_EQ(parsed->indicators, page.indicators);
  EXPECT_EQ(parsed->removed, page.removed);
}

TEST(IndicatorFeedPage, ReportsTheBadValue) {
  EXPECT_EQ(parse_feed_page("[]").error(), "expected a JSON object");
  EXPECT_EQ(parse_feed_page(R"({"version":"1","more":false,"indicators":[],"removed":[3]})").error(),
            "removed[0]: expected a string");
  EXPECT_EQ(parse_feed_page(R"({"version":"1","more":false,"indicators":[{"id":"i","name":"n","observables":)"
                            R"([{"kind":"ipv5","value":"x"}]}],"removed":[]})")
                .error(),
            "indicators[0].observables[0].kind: unknown kind \"ipv5\"");
  EXPECT_EQ(parse_feed_page(R"({"version":"1","more":"no","indicators":[],"removed":[]})").error(),
            "more: expected a boolean");
  EXPECT_FALSE(parse_feed_page(R"({"version":1)"));
}

}  // namespace
}  // namespace rampart::intel
