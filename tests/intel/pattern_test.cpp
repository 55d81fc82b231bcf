#include "intel/pattern.hpp"

#include <gtest/gtest.h>

namespace rampart::intel {
namespace {

Pattern parse_ok(std::string_view text) {
  auto pattern = parse_pattern(text);
  EXPECT_TRUE(pattern) << text << " -> " << (pattern ? "" : pattern.error().to_string());
  return pattern ? *pattern : Pattern{};
}

const Comparison& only_test(const Pattern& pattern) { return pattern.root.comparison.test; }

// Printing and parsing again gives the same tree, and printing is stable.
void expect_round_trip(std::string_view text) {
  const Pattern first = parse_ok(text);
  const std::string printed = print_pattern(first);
  auto second = parse_pattern(printed);
  ASSERT_TRUE(second) << printed << ": " << second.error().to_string();
  EXPECT_EQ(*second, first) << text << " printed as " << printed;
  EXPECT_EQ(print_pattern(*second), printed);
}

TEST(Pattern, ParsesASimpleEquality) {
  const Pattern p = parse_ok("[ipv4-addr:value = '198.51.100.1']");
  EXPECT_EQ(p.root.kind, ObservationExpression::Kind::Observation);
  const Comparison& test = only_test(p);
  EXPECT_EQ(test.path.object_type, "ipv4-addr");
  ASSERT_EQ(test.path.steps.size(), 1u);
  EXPECT_EQ(test.path.steps[0].name, "value");
  EXPECT_EQ(test.op, ComparisonOperator::Equal);
  EXPECT_EQ(test.values[0], (Literal{LiteralKind::String, "198.51.100.1"}));
}

TEST(Pattern, ParsesEveryComparisonOperator) {
  struct Case {
    const char* text;
    ComparisonOperator op;
    bool negated;
  };
  const Case cases[] = {
      {"[x-a:n = 1]", ComparisonOperator::Equal, false},
      {"[x-a:n == 1]", ComparisonOperator::Equal, false},
      {"[x-a:n != 1]", ComparisonOperator::NotEqual, false},
      {"[x-a:n <> 1]", ComparisonOperator::NotEqual, false},
      {"[x-a:n > 1]", ComparisonOperator::Greater, false},
      {"[x-a:n < 1]", ComparisonOperator::Less, false},
      {"[x-a:n >= 1]", ComparisonOperator::GreaterEqual, false},
      {"[x-a:n <= 1]", ComparisonOperator::LessEqual, false},
      {"[x-a:n IN (1, 2)]", ComparisonOperator::In, false},
      {"[x-a:n LIKE 'a%']", ComparisonOperator::Like, false},
      {"[x-a:n MATCHES '^a+$']", ComparisonOperator::Matches, false},
      {"[ipv4-addr:value ISSUBSET '10.0.0.0/8']", ComparisonOperator::IsSubset, false},
      {"[ipv4-addr:value ISSUPERSET '10.1.0.0/16']", ComparisonOperator::IsSuperset, false},
      {"[EXISTS x-a:n]", ComparisonOperator::Exists, false},
      {"[x-a:n NOT = 1]", ComparisonOperator::Equal, true},
      {"[x-a:n NOT IN ('a')]", ComparisonOperator::In, true},
      {"[x-a:n NOT LIKE 'a']", ComparisonOperator::Like, true},
      {"[x-a:n NOT MATCHES 'a']", ComparisonOperator::Matches, true},
      {"[x-a:n NOT ISSUBSET 'a']", ComparisonOperator::IsSubset, true},
      {"[x-a:n NOT ISSUPERSET 'a']", ComparisonOperator::IsSuperset, true},
      {"[x-a:n NOT > 1]", ComparisonOperator::Greater, true},
  };
  for (const auto& c : cases) {
    const Pattern p = parse_ok(c.text);
    EXPECT_EQ(only_test(p).op, c.op) << c.text;
    EXPECT_EQ(only_test(p).negated, c.negated) << c.text;
    expect_round_trip(c.text);
  }
}

TEST(Pattern, ParsesEveryLiteralKind) {
  struct Case {
    const char* text;
    LiteralKind kind;
    const char* value;
  };
  const Case cases[] = {
      {"[x-a:n = 'it\\'s a \\\\ path']", LiteralKind::String, "it's a \\ path"},
      {"[x-a:n = 42]", LiteralKind::Integer, "42"},
      {"[x-a:n = +42]", LiteralKind::Integer, "42"},
      {"[x-a:n = -7]", LiteralKind::Integer, "-7"},
      {"[x-a:n = 0]", LiteralKind::Integer, "0"},
      {"[x-a:n = 3.25]", LiteralKind::Float, "3.25"},
      {"[x-a:n = -.5]", LiteralKind::Float, "-.5"},
      {"[x-a:n = true]", LiteralKind::Boolean, "true"},
      {"[x-a:n = false]", LiteralKind::Boolean, "false"},
      {"[x-a:n = t'2024-01-02T03:04:05.678Z']", LiteralKind::Timestamp, "2024-01-02T03:04:05.678Z"},
      {"[x-a:n = h'00ff10']", LiteralKind::Hex, "00ff10"},
      {"[x-a:n = h'']", LiteralKind::Hex, ""},
      {"[x-a:n = b'aGVsbG8=']", LiteralKind::Binary, "aGVsbG8="},
      {"[x-a:n = b'aGk=']", LiteralKind::Binary, "aGk="},
  };
  for (const auto& c : cases) {
    const Pattern p = parse_ok(c.text);
    ASSERT_EQ(only_test(p).values.size(), 1u) << c.text;
    EXPECT_EQ(only_test(p).values[0], (Literal{c.kind, c.value})) << c.text;
    expect_round_trip(c.text);
  }
}

TEST(Pattern, ParsesObjectPathsWithIndicesAndQuotedNames) {
  const Pattern p = parse_ok("[email-message:to_refs[*].value = 'a@b'] AND [file:hashes.'SHA-256' = 'x'] AND "
                             "[x-a:list[3].inner[-1].'odd name' = 1] AND [file:'name' = 'x']");
  const auto& to_refs = p.root.operands[0].operands[0].operands[0].comparison.test.path;
  ASSERT_EQ(to_refs.steps.size(), 3u);
  EXPECT_EQ(to_refs.steps[1].kind, PathStep::Kind::AnyIndex);
  EXPECT_EQ(to_refs.steps[2].name, "value");
  const auto& hashes = p.root.operands[0].operands[0].operands[1].comparison.test.path;
  EXPECT_EQ(hashes.steps[1].name, "SHA-256");
  const auto& list = p.root.operands[0].operands[1].comparison.test.path;
  EXPECT_EQ(list.steps[1].index, 3);
  EXPECT_EQ(list.steps[3].index, -1);
  EXPECT_EQ(list.steps[4].name, "odd name");
  EXPECT_EQ(print_object_path(list), "x-a:list[3].inner[-1].'odd name'");
  EXPECT_EQ(print_object_path(hashes), "file:hashes.'SHA-256'");
  EXPECT_EQ(print_object_path(p.root.operands[1].comparison.test.path), "file:name");
}

TEST(Pattern, ComparisonAndBindsTighterThanOr) {
  const Pattern p = parse_ok("[x-a:a = 1 OR x-a:b = 2 AND x-a:c = 3]");
  const auto& root = p.root.comparison;
  EXPECT_EQ(root.kind, ComparisonExpression::Kind::Or);
  EXPECT_EQ(root.operands[1].kind, ComparisonExpression::Kind::And);
  const Pattern grouped = parse_ok("[(x-a:a = 1 OR x-a:b = 2) AND x-a:c = 3]");
  EXPECT_EQ(grouped.root.comparison.kind, ComparisonExpression::Kind::And);
  EXPECT_EQ(print_pattern(grouped), "[(x-a:a = 1 OR x-a:b = 2) AND x-a:c = 3]");
  EXPECT_EQ(print_pattern(p), "[x-a:a = 1 OR x-a:b = 2 AND x-a:c = 3]");
}

TEST(Pattern, ObservationOperatorsBindAndThenOrThenFollowedBy) {
  const Pattern p = parse_ok("[x-a:a = 1] FOLLOWEDBY [x-a:b = 1] OR [x-a:c = 1] AND [x-a:d = 1]");
  EXPECT_EQ(p.root.kind, ObservationExpression::Kind::FollowedBy);
  EXPECT_EQ(p.root.operands[1].kind, ObservationExpression::Kind::Or);
  EXPECT_EQ(p.root.operands[1].operands[1].kind, ObservationExpression::Kind::And);
  const Pattern left = parse_ok("[x-a:a = 1] AND [x-a:b = 1] OR [x-a:c = 1]");
  EXPECT_EQ(left.root.kind, ObservationExpression::Kind::Or);
  EXPECT_EQ(left.root.operands[0].kind, ObservationExpression::Kind::And);
}

TEST(Pattern, OperatorsAreLeftAssociative) {
  const Pattern p = parse_ok("[x-a:a = 1] OR [x-a:b = 1] OR [x-a:c = 1]");
  EXPECT_EQ(p.root.operands[0].kind, ObservationExpression::Kind::Or);
  EXPECT_EQ(p.root.operands[1].kind, ObservationExpression::Kind::Observation);
  const Pattern right = parse_ok("[x-a:a = 1] OR ([x-a:b = 1] OR [x-a:c = 1])");
  EXPECT_EQ(right.root.operands[1].kind, ObservationExpression::Kind::Or);
  EXPECT_EQ(print_pattern(right), "[x-a:a = 1] OR ([x-a:b = 1] OR [x-a:c = 1])");
}

TEST(Pattern, ParsesEveryQualifier) {
  const Pattern within = parse_ok("[x-a:a = 1] WITHIN 300 SECONDS");
  ASSERT_EQ(within.root.qualifiers.size(), 1u);
  EXPECT_EQ(within.root.qualifiers[0].kind, Qualifier::Kind::Within);
  EXPECT_EQ(within.root.qualifiers[0].number, "300");
  EXPECT_EQ(parse_ok("[x-a:a = 1] WITHIN 2.5 SECONDS").root.qualifiers[0].number, "2.5");
  const Pattern repeats = parse_ok("[x-a:a = 1] REPEATS 5 TIMES");
  EXPECT_EQ(repeats.root.qualifiers[0].kind, Qualifier::Kind::Repeats);
  EXPECT_EQ(repeats.root.qualifiers[0].number, "5");
  const Pattern window = parse_ok("[x-a:a = 1] START t'2024-01-01T00:00:00Z' STOP t'2024-01-02T00:00:00Z'");
  EXPECT_EQ(window.root.qualifiers[0].kind, Qualifier::Kind::StartStop);
  EXPECT_EQ(window.root.qualifiers[0].start, "2024-01-01T00:00:00Z");
  EXPECT_EQ(window.root.qualifiers[0].stop, "2024-01-02T00:00:00Z");
  const Pattern chained = parse_ok("([x-a:a = 1] AND [x-a:b = 2]) REPEATS 2 TIMES WITHIN 60 SECONDS");
  EXPECT_EQ(chained.root.kind, ObservationExpression::Kind::And);
  ASSERT_EQ(chained.root.qualifiers.size(), 2u);
  EXPECT_EQ(chained.root.qualifiers[1].kind, Qualifier::Kind::Within);
  const Pattern tight = parse_ok("[x-a:a = 1] WITHIN 5 SECONDS AND [x-a:b = 2]");
  EXPECT_EQ(tight.root.kind, ObservationExpression::Kind::And);
  EXPECT_EQ(tight.root.operands[0].qualifiers.size(), 1u);
}

TEST(Pattern, RoundTripsComplexPatterns) {
  for (const char* text : {
           "[file:hashes.'SHA-256' = 'aa' OR file:hashes.MD5 = 'bb'] FOLLOWEDBY [url:value LIKE 'http://%']",
           "([x-a:a = 1] OR [x-a:b = 2]) AND [x-a:c = 3]",
           "[x-a:a = 1] AND ([x-a:b = 2] AND [x-a:c = 3])",
           "([x-a:a = 1] FOLLOWEDBY [x-a:b = 2]) WITHIN 10 SECONDS REPEATS 3 TIMES",
           "[x-a:a = 1] START t'2024-01-01T00:00:00Z' STOP t'2024-01-01T00:00:01.5Z' OR [x-a:b = 2]",
           "[(x-a:a = 1 OR x-a:b = 2) AND (x-a:c = 3 OR x-a:d = 4)]",
           "[x-a:a = 1 AND (x-a:b = 2 AND x-a:c = 3)]",
           "[network-traffic:dst_ref.value ISSUBSET '2001:db8::/32' AND network-traffic:dst_port IN (80, 443, 8080)]",
           "[x-a:'AND' = 'a'] OR [x-a:k NOT IN ()]",
           "[x-a:a MATCHES '^\\\\d+\\'$']",
       }) {
    expect_round_trip(text);
  }
}

TEST(Pattern, SkipsWhitespaceAndComments) {
  const Pattern p = parse_ok(" \t[ /* the address */ ipv4-addr:value\n= '1.2.3.4' ] // trailing\n");
  EXPECT_EQ(print_pattern(p), "[ipv4-addr:value = '1.2.3.4']");
}

struct ErrorCase {
  const char* text;
  size_t offset;
  const char* message;
};

TEST(Pattern, ErrorsGiveTheByteOffset) {
  const ErrorCase cases[] = {
      {"", 0, "expected '[' or '(' starting an observation expression, found the end of the pattern"},
      {"[ipv4-addr:value = '1.2.3.4'", 28, "expected ']', found the end of the pattern"},
      {"[ipv4-addr:value = '1.2.3.4] ", 19, "unterminated quoted literal"},
      {"[ipv4-addr:value '1.2.3.4']", 17, "expected a comparison operator, found a string"},
      {"[ipv4-addr value = 'x']", 11, "expected ':', found a name"},
      {"[file:hashes.SHA-256 = 'x']", 13, "property names containing '-' must be quoted ('name')"},
      {"[x-a:n = 'a\\n']", 11, "only \\' and \\\\ may be escaped in a string"},
      {"[x-a:n = t'2024-13-01T00:00:00Z']", 9, "not an RFC 3339 UTC timestamp literal"},
      {"[x-a:n = h'abc']", 9, "a hex literal needs pairs of hex digits"},
      {"[x-a:n = b'abc']", 9, "not a base64 binary literal"},
      {"[x-a:n = 007]", 9, "integers may not have leading zeros"},
      {"[x-a:n > true]", 9, "expected an orderable literal (not a boolean), found a boolean"},
      {"[x-a:n LIKE 5]", 12, "expected a string, found an integer"},
      {"[x-a:n IN (1, 2]", 15, "expected ')', found ']'"},
      {"[x-a:n = 1] WITHIN 0 SECONDS", 12, "WITHIN needs a positive number of seconds"},
      {"[x-a:n = 1] WITHIN -5 SECONDS", 19, "expected a positive number of seconds, found an integer"},
      {"[x-a:n = 1] WITHIN 5", 20, "expected SECONDS, found the end of the pattern"},
      {"[x-a:n = 1] REPEATS 1.5 TIMES", 20, "expected a positive integer, found a float"},
      {"[x-a:n = 1] START t'2024-01-02T00:00:00Z' STOP t'2024-01-01T00:00:00Z'", 47, "STOP must be later than START"},
      {"[x-a:n = 1] and [x-a:m = 2]", 12, "expected AND, OR, FOLLOWEDBY or a qualifier, found a name"},
      {"[x-a:n = 1] AND", 15, "expected '[' or '(' starting an observation expression"},
      {"[x-a:n[x] = 1]", 7, "expected a list index or '*', found a name"},
      {"[x-a:n[99999999999999999999] = 1]", 7, "list index out of range"},
      {"[x-a:n NOT EXISTS]", 11, "expected a comparison operator, found EXISTS"},
      {"[x-a:n = 1] /* open", 12, "unterminated comment"},
      {"[x-a:n = 1] #", 12, "unexpected character '#'"},
      {"[x-a:n = \x01]", 9, "unexpected byte 0x01"},
      {"[x-a:n = 1.]", 11, "expected a digit after the decimal point"},
  };
  for (const auto& c : cases) {
    auto parsed = parse_pattern(c.text);
    ASSERT_FALSE(parsed) << c.text;
    EXPECT_EQ(parsed.error().offset, c.offset) << c.text << ": " << parsed.error().message;
    EXPECT_NE(parsed.error().message.find(c.message), std::string::npos) << c.text << ": " << parsed.error().message;
  }
}

TEST(Pattern, RefusesNestingBeyondTheLimitWithoutOverflowingTheStack) {
  const std::string deep = std::string(5000, '(') + "[x-a:n = 1]" + std::string(5000, ')');
  auto parsed = parse_pattern(deep);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().offset, 100u);
  EXPECT_EQ(parsed.error().message, "expression nested too deeply");
  const std::string fits = std::string(50, '(') + "[x-a:n = 1]" + std::string(50, ')');
  EXPECT_TRUE(parse_pattern(fits));
}

}  // namespace
}  // namespace rampart::intel
