#pragma once
// The STIX 2.1 patterning language (STIX 2.1 section 9): parse_pattern turns a pattern
// into an AST or an error with the byte offset where it went wrong; print_pattern
// prints an AST back with only the parentheses its shape needs, so that
// parse_pattern(print_pattern(p)) == p. Observation operators bind AND > OR >
// FOLLOWEDBY, comparison operators AND > OR, all left-associative; qualifiers
// (WITHIN, REPEATS, START/STOP) bind tighter than any operator. Keywords are
// case-sensitive, as in the specification's grammar.
#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::intel {

enum class LiteralKind { String, Integer, Float, Boolean, Timestamp, Hex, Binary };

struct Literal {
  LiteralKind kind = LiteralKind::String;
  // String: the decoded value; Integer/Float: the digits as written (sign kept, '+'
  // dropped); Boolean: "true"/"false"; Timestamp, Hex, Binary: the text between quotes.
  std::string text;

  bool operator==(const Literal&) const = default;
};

struct PathStep {
  enum class Kind { Property, Index, AnyIndex };
  Kind kind = Kind::Property;
  std::string name;   // Property
  int64_t index = 0;  // Index

  bool operator==(const PathStep&) const = default;
};

struct ObjectPath {
  std::string object_type;
  std::vector<PathStep> steps;  // the first is always a Property

  bool operator==(const ObjectPath&) const = default;
};

enum class ComparisonOperator {
  Equal, NotEqual, Greater, Less, GreaterEqual, LessEqual, In, Like, Matches, IsSubset, IsSuperset, Exists
};

struct Comparison {
  ObjectPath path;
  ComparisonOperator op = ComparisonOperator::Equal;
  bool negated = false;         // NOT before the operator (never with EXISTS)
  std::vector<Literal> values;  // one, the IN set (maybe empty), or none for EXISTS

  bool operator==(const Comparison&) const = default;
};

struct ComparisonExpression {
  enum class Kind { Test, And, Or };
  Kind kind = Kind::Test;
  Comparison test;                             // Test
  std::vector<ComparisonExpression> operands;  // And, Or: left and right

  bool operator==(const ComparisonExpression&) const = default;
};

struct Qualifier {
  enum class Kind { Within, Repeats, StartStop };
  Kind kind = Qualifier::Kind::Within;
  std::string number;       // Within: seconds as written; Repeats: the count
  std::string start, stop;  // StartStop: the timestamps between t'...'

  bool operator==(const Qualifier&) const = default;
};

struct ObservationExpression {
  enum class Kind { Observation, And, Or, FollowedBy };
  Kind kind = Kind::Observation;
  ComparisonExpression comparison;              // Observation: the text between [ ]
  std::vector<ObservationExpression> operands;  // And, Or, FollowedBy: left and right
  std::vector<Qualifier> qualifiers;            // applied in order

  bool operator==(const ObservationExpression&) const = default;
};

struct Pattern {
  ObservationExpression root;

  bool operator==(const Pattern&) const = default;
};

struct PatternError {
  size_t offset = 0;  // byte offset into the pattern text
  std::string message;

  std::string to_string() const;
};

std::expected<Pattern, PatternError> parse_pattern(std::string_view text);

std::string print_pattern(const Pattern& pattern);
std::string print_comparison(const Comparison& comparison);
std::string print_object_path(const ObjectPath& path);

std::string_view operator_text(ComparisonOperator op);

}  // namespace rampart::intel
