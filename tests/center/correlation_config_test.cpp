// Parsing of the correlation section: rules, category map, grading, deadlines, assets.
#include <gtest/gtest.h>

#include "center/incidents/correlation_config.hpp"

namespace rampart::center::incidents {
namespace {

std::string parse_error(std::string_view yaml) {
  auto parsed = parse_correlation_config(yaml, "c.yaml");
  return parsed ? std::string("parsed") : parsed.error();
}

TEST(CorrelationConfig, DefaultRuleSetCoversTheThreeKinds) {
  auto parsed = parse_correlation_config(default_correlation_yaml(), "defaults");
  ASSERT_TRUE(parsed) << parsed.error();
  const auto& rules = default_correlation_config().rules;
  ASSERT_EQ(rules.size(), 3u);
  EXPECT_EQ(rules[0].group_by, std::vector<AlertField>{AlertField::src_ip});
  ASSERT_TRUE(rules[0].distinct);
  EXPECT_EQ(rules[0].distinct->field, AlertField::dest_ip);
  ASSERT_TRUE(rules[1].distinct);
  EXPECT_EQ(rules[1].distinct->field, AlertField::sector);
  EXPECT_EQ(rules[1].distinct->min, 2u);
  EXPECT_TRUE(rules[2].followed_by);
  EXPECT_EQ(rules[2].window_us, 30 * 60 * 1'000'000LL);
  EXPECT_EQ(default_correlation_config().classify("A Network Trojan was detected"), IncidentCategory::harmful_program);
  EXPECT_EQ(default_correlation_config().classify("Misc activity"), IncidentCategory::other);
  EXPECT_EQ(default_correlation_config().deadline_us(IncidentLevel::I), 3600LL * 1'000'000);
  EXPECT_EQ(default_correlation_config().deadline_us(IncidentLevel::IV), 72LL * 3600 * 1'000'000);
}

TEST(CorrelationConfig, ReadsEverySection) {
  auto parsed = parse_correlation_config(R"(
rules:
  - name: many-signatures
    group-by: [src_ip, sensor]
    window: 90s
    threshold: 3
    match: {categories: [Misc activity], signature-ids: [1, 2], max-severity: 2}
category-map:
  Misc activity: disaster
grading:
  II:
    - {min-assets: 2, critical-infrastructure: false}
deadlines: {III: 12h}
assets:
  - {network: 10.0.0.0/8, organisation: acme, sector: energy, critical-infrastructure: true, protection-level: 5}
)",
                                         "c.yaml");
  ASSERT_TRUE(parsed) << parsed.error();
  ASSERT_EQ(parsed->rules.size(), 1u);
  const auto& rule = parsed->rules[0];
  EXPECT_EQ(rule.window_us, 90'000'000);
  EXPECT_EQ(rule.threshold, 3u);
  EXPECT_EQ(rule.group_by, (std::vector<AlertField>{AlertField::src_ip, AlertField::sensor}));
  EXPECT_EQ(rule.match.categories, std::vector<std::string>{"Misc activity"});
  EXPECT_EQ(rule.match.signature_ids, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(rule.match.max_severity, 2);
  EXPECT_EQ(parsed->classify("Misc activity"), IncidentCategory::disaster);
  EXPECT_EQ(parsed->classify("A Network Trojan was detected"), IncidentCategory::other) << "the map was replaced";
  EXPECT_TRUE(parsed->grading.criteria[0].empty());
  ASSERT_EQ(parsed->grading.criteria[1].size(), 1u);
  EXPECT_EQ(parsed->grading.criteria[1][0].min_assets, 2u);
  EXPECT_EQ(parsed->grading.criteria[1][0].critical_infrastructure, false);
  EXPECT_EQ(parsed->deadline_seconds[2], 12 * 3600);
  EXPECT_EQ(parsed->deadline_seconds[0], 3600) << "levels not named keep their default";
  ASSERT_EQ(parsed->assets.size(), 1u);
  EXPECT_EQ(parsed->assets[0].protection_level, 5);
  EXPECT_TRUE(parsed->assets[0].critical_infrastructure);
}

TEST(CorrelationConfig, MissingSectionsKeepTheDefaults) {
  auto parsed = parse_correlation_config("deadlines: {I: 30m}\n", "c.yaml");
  ASSERT_TRUE(parsed) << parsed.error();
  EXPECT_EQ(parsed->rules.size(), default_correlation_config().rules.size());
  EXPECT_EQ(parsed->deadline_seconds[0], 1800);
  EXPECT_TRUE(parse_correlation_config("", "c.yaml"));
}

TEST(CorrelationConfig, ErrorsNameSourceLineAndColumn) {
  EXPECT_EQ(parse_error("rules:\n  - name: x\n    window: 10m\n    group-by: [src_ip]\n    colour: red\n"),
            "c.yaml:5:5: a rule: unknown key \"colour\"");
  EXPECT_EQ(parse_error("rules:\n  - name: x\n    window: ten\n    group-by: [src_ip]\n"),
            "c.yaml:3:13: window must be a duration such as 90s, 10m, 2h or 1d");
  EXPECT_EQ(parse_error("rules:\n  - name: x\n    window: 1m\n    group-by: [port]\n"),
            "c.yaml:4:16: expected one of src_ip, dest_ip, signature_id, category, sensor, organisation, sector");
  EXPECT_EQ(parse_error("colour: red\n"), "c.yaml:1:1: the correlation section: unknown key \"colour\"");
}

TEST(CorrelationConfig, RejectsInconsistentRules) {
  EXPECT_NE(parse_error("rules:\n  - {name: x, window: 1m}\n").find("needs a non-empty group-by"), std::string::npos);
  EXPECT_NE(parse_error("rules:\n  - {name: x, group-by: [src_ip]}\n").find("needs a window"), std::string::npos);
  EXPECT_NE(parse_error("rules:\n  - {name: x, window: 1m, followed-by: {}, group-by: [src_ip]}\n")
                .find("groups by its target"),
            std::string::npos);
  EXPECT_NE(parse_error("rules:\n  - {name: x, window: 1m, group-by: [src_ip]}\n  - {name: x, window: 2m, "
                        "group-by: [dest_ip]}\n")
                .find("used twice"),
            std::string::npos);
  EXPECT_NE(parse_error("rules:\n  - {name: x, window: 1m, group-by: [src_ip], threshold: 0}\n").find("threshold"),
            std::string::npos);
  EXPECT_NE(parse_error("rules:\n  - {name: x, window: 1m, group-by: [src_ip], distinct: {field: sector}}\n")
                .find("distinct needs field and min"),
            std::string::npos);
  EXPECT_NE(parse_error("grading:\n  I: [{}]\n").find("at least one condition"), std::string::npos);
  EXPECT_NE(parse_error("grading:\n  V: []\n").find("unknown key \"V\""), std::string::npos);
  EXPECT_NE(parse_error("category-map: {x: worms}\n").find("expected harmful-program"), std::string::npos);
}

TEST(CorrelationConfig, RejectsBadAssetsAndMalformedYaml) {
  EXPECT_NE(parse_error("assets:\n  - {network: 10.0.0.0/33}\n").find("bad prefix length"), std::string::npos);
  EXPECT_NE(parse_error("assets:\n  - {network: example.org}\n").find("not an IP address"), std::string::npos);
  EXPECT_NE(parse_error("assets:\n  - {network: 10.0.0.1, protection-level: 6}\n").find("protection-level"),
            std::string::npos);
  EXPECT_NE(parse_error("rules: [\n").find("c.yaml"), std::string::npos);
  EXPECT_NE(parse_error("- a\n- b\n").find("must be a mapping"), std::string::npos);
}

TEST(CorrelationConfig, Durations) {
  EXPECT_EQ(parse_duration_seconds("45"), 45);
  EXPECT_EQ(parse_duration_seconds("45s"), 45);
  EXPECT_EQ(parse_duration_seconds("10m"), 600);
  EXPECT_EQ(parse_duration_seconds("2h"), 7200);
  EXPECT_EQ(parse_duration_seconds("1d"), 86400);
  EXPECT_FALSE(parse_duration_seconds(""));
  EXPECT_FALSE(parse_duration_seconds("m"));
  EXPECT_FALSE(parse_duration_seconds("0s"));
  EXPECT_FALSE(parse_duration_seconds("-5"));
  EXPECT_FALSE(parse_duration_seconds("1w"));
  EXPECT_FALSE(parse_duration_seconds("99999999999999999d"));
}

}  // namespace
}  // namespace rampart::center::incidents
