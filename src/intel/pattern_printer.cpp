#include <fmt/format.h>

#include "intel/pattern.hpp"

namespace rampart::intel {
namespace {

bool is_plain_property_name(std::string_view name) {
  if (name.empty() || !((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= 'A' && name[0] <= 'Z') || name[0] == '_')) {
    return false;
  }
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  // A bare keyword would lex as the keyword, so it is quoted.
  static constexpr std::string_view kReserved[] = {"AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES",
                                                   "ISSUPERSET", "ISSUBSET", "EXISTS", "IN", "START",
                                                   "STOP", "SECONDS", "WITHIN", "REPEATS", "TIMES",
                                                   "true", "false"};
  for (auto word : kReserved) {
    if (name == word) return false;
  }
  return true;
}

void append_quoted(std::string& out, std::string_view text) {
  out += '\'';
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  out += '\'';
}

void append_literal(std::string& out, const Literal& literal) {
  switch (literal.kind) {
    case LiteralKind::String: append_quoted(out, literal.text); break;
    case LiteralKind::Integer: case LiteralKind::Float: case LiteralKind::Boolean: out += literal.text; break;
    case LiteralKind::Timestamp: out += "t'" + literal.text + "'"; break;
    case LiteralKind::Hex: out += "h'" + literal.text + "'"; break;
    case LiteralKind::Binary: out += "b'" + literal.text + "'"; break;
  }
}

void append_comparison_expression(std::string& out, const ComparisonExpression& node) {
  if (node.kind == ComparisonExpression::Kind::Test) {
    out += print_comparison(node.test);
    return;
  }
  // AND binds tighter than OR; a right operand of the same operator keeps its
  // parentheses so the tree's shape survives the round trip.
  const bool is_and = node.kind == ComparisonExpression::Kind::And;
  const auto& left = node.operands[0];
  const auto& right = node.operands[1];
  const bool wrap_left = is_and && left.kind == ComparisonExpression::Kind::Or;
  const bool wrap_right = right.kind == ComparisonExpression::Kind::Or ||
                          (is_and && right.kind == ComparisonExpression::Kind::And);
  if (wrap_left) out += '(';
  append_comparison_expression(out, left);
  if (wrap_left) out += ')';
  out += is_and ? " AND " : " OR ";
  if (wrap_right) out += '(';
  append_comparison_expression(out, right);
  if (wrap_right) out += ')';
}

// Binding strength of an observation node as an operand; a qualified node is atomic.
int strength(const ObservationExpression& node) {
  if (node.kind == ObservationExpression::Kind::Observation || !node.qualifiers.empty()) return 4;
  switch (node.kind) {
    case ObservationExpression::Kind::And: return 3;
    case ObservationExpression::Kind::Or: return 2;
    default: return 1;
  }
}

void append_qualifier(std::string& out, const Qualifier& qualifier) {
  switch (qualifier.kind) {
    case Qualifier::Kind::Within: out += fmt::format(" WITHIN {} SECONDS", qualifier.number); break;
    case Qualifier::Kind::Repeats: out += fmt::format(" REPEATS {} TIMES", qualifier.number); break;
    case Qualifier::Kind::StartStop: out += fmt::format(" START t'{}' STOP t'{}'", qualifier.start, qualifier.stop); break;
  }
}

void append_observation(std::string& out, const ObservationExpression& node) {
  if (node.kind == ObservationExpression::Kind::Observation) {
    out += '[';
    append_comparison_expression(out, node.comparison);
    out += ']';
  } else {
    const int own = node.kind == ObservationExpression::Kind::And ? 3 : node.kind == ObservationExpression::Kind::Or ? 2 : 1;
    const bool wrap_self = !node.qualifiers.empty();
    const bool wrap_left = strength(node.operands[0]) < own;
    const bool wrap_right = strength(node.operands[1]) <= own;
    if (wrap_self) out += '(';
    if (wrap_left) out += '(';
    append_observation(out, node.operands[0]);
    if (wrap_left) out += ')';
    out += own == 3 ? " AND " : own == 2 ? " OR " : " FOLLOWEDBY ";
    if (wrap_right) out += '(';
    append_observation(out, node.operands[1]);
    if (wrap_right) out += ')';
    if (wrap_self) out += ')';
  }
  for (const auto& qualifier : node.qualifiers) append_qualifier(out, qualifier);
}

}  // namespace

std::string_view operator_text(ComparisonOperator op) {
  switch (op) {
    case ComparisonOperator::Equal: return "=";
    case ComparisonOperator::NotEqual: return "!=";
    case ComparisonOperator::Greater: return ">";
    case ComparisonOperator::Less: return "<";
    case ComparisonOperator::GreaterEqual: return ">=";
    case ComparisonOperator::LessEqual: return "<=";
    case ComparisonOperator::In: return "IN";
    case ComparisonOperator::Like: return "LIKE";
    case ComparisonOperator::Matches: return "MATCHES";
    case ComparisonOperator::IsSubset: return "ISSUBSET";
    case ComparisonOperator::IsSuperset: return "ISSUPERSET";
    case ComparisonOperator::Exists: return "EXISTS";
  }
  return "?";
}

std::string print_object_path(const ObjectPath& path) {
  std::string out = path.object_type + ":";
  for (size_t i = 0; i < path.steps.size(); ++i) {
    const PathStep& step = path.steps[i];
    switch (step.kind) {
      case PathStep::Kind::Property:
        if (i > 0) out += '.';
        if (is_plain_property_name(step.name)) out += step.name;
        else append_quoted(out, step.name);
        break;
      case PathStep::Kind::Index: out += fmt::format("[{}]", step.index); break;
      case PathStep::Kind::AnyIndex: out += "[*]"; break;
    }
  }
  return out;
}

std::string print_comparison(const Comparison& comparison) {
  if (comparison.op == ComparisonOperator::Exists) return "EXISTS " + print_object_path(comparison.path);
  std::string out = print_object_path(comparison.path);
  out += comparison.negated ? " NOT " : " ";
  out += operator_text(comparison.op);
  out += ' ';
  if (comparison.op == ComparisonOperator::In) {
    out += '(';
    for (size_t i = 0; i < comparison.values.size(); ++i) {
      if (i > 0) out += ", ";
      append_literal(out, comparison.values[i]);
    }
    out += ')';
  } else if (!comparison.values.empty()) {
    append_literal(out, comparison.values.front());
  }
  return out;
}

std::string print_pattern(const Pattern& pattern) {
  std::string out;
  append_observation(out, pattern.root);
  return out;
}

}  // namespace rampart::intel
