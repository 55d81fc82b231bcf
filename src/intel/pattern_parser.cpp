#include <fmt/format.h>

#include <charconv>

#include "intel/pattern.hpp"
#include "intel/pattern_lexer.hpp"
#include "intel/stix_timestamp.hpp"

namespace rampart::intel {
namespace {

// Parentheses and brackets nest at most this deep, so recursion stays bounded.
constexpr int kMaxNesting = 100;

template <typename T>
using Parsed = std::expected<T, PatternError>;

bool is_orderable_literal(TokenKind kind) {
  switch (kind) {
    case TokenKind::String: case TokenKind::IntPos: case TokenKind::IntNeg: case TokenKind::FloatPos:
    case TokenKind::FloatNeg: case TokenKind::Hex: case TokenKind::Binary: case TokenKind::Timestamp:
      return true;
    default:
      return false;
  }
}

LiteralKind literal_kind(TokenKind kind) {
  switch (kind) {
    case TokenKind::IntPos: case TokenKind::IntNeg: return LiteralKind::Integer;
    case TokenKind::FloatPos: case TokenKind::FloatNeg: return LiteralKind::Float;
    case TokenKind::Hex: return LiteralKind::Hex;
    case TokenKind::Binary: return LiteralKind::Binary;
    case TokenKind::Timestamp: return LiteralKind::Timestamp;
    case TokenKind::Boolean: return LiteralKind::Boolean;
    default: return LiteralKind::String;
  }
}

std::optional<ComparisonOperator> comparison_operator(TokenKind kind) {
  switch (kind) {
    case TokenKind::Equal: return ComparisonOperator::Equal;
    case TokenKind::NotEqual: return ComparisonOperator::NotEqual;
    case TokenKind::Greater: return ComparisonOperator::Greater;
    case TokenKind::Less: return ComparisonOperator::Less;
    case TokenKind::GreaterEqual: return ComparisonOperator::GreaterEqual;
    case TokenKind::LessEqual: return ComparisonOperator::LessEqual;
    case TokenKind::In: return ComparisonOperator::In;
    case TokenKind::Like: return ComparisonOperator::Like;
    case TokenKind::Matches: return ComparisonOperator::Matches;
    case TokenKind::IsSubset: return ComparisonOperator::IsSubset;
    case TokenKind::IsSuperset: return ComparisonOperator::IsSuperset;
    default: return std::nullopt;
  }
}

bool is_positive_number(std::string_view digits) { return digits.find_first_not_of("0.") != std::string_view::npos; }

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  Parsed<Pattern> run() {
    auto root = observation_sequence();
    if (!root) return std::unexpected(root.error());
    if (current().kind != TokenKind::End) return unexpected_token("AND, OR, FOLLOWEDBY or a qualifier");
    return Pattern{std::move(*root)};
  }

 private:
  const Token& current() const { return tokens_[index_]; }
  const Token& advance() { return tokens_[current().kind == TokenKind::End ? index_ : index_++]; }
  bool accept(TokenKind kind) {
    if (current().kind != kind) return false;
    advance();
    return true;
  }

  std::unexpected<PatternError> fail(size_t offset, std::string message) const {
    return std::unexpected(PatternError{offset, std::move(message)});
  }
  std::unexpected<PatternError> unexpected_token(std::string_view expected) const {
    return fail(current().offset, fmt::format("expected {}, found {}", expected, describe(current().kind)));
  }
  Parsed<const Token*> expect(TokenKind kind) {
    if (current().kind != kind) return unexpected_token(describe(kind));
    return &advance();
  }

  // Counts one level of nesting for as long as it lives.
  struct Nesting {
    int& depth;
    explicit Nesting(int& d) : depth(d) { ++depth; }
    ~Nesting() { --depth; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
  };

  template <typename Node>
  static Node binary(typename Node::Kind kind, Node left, Node right) {
    Node node;
    node.kind = kind;
    node.operands.push_back(std::move(left));
    node.operands.push_back(std::move(right));
    return node;
  }

  // Left-associative chains: sequence := or (FOLLOWEDBY or)*, or := and (OR and)*, ...
  Parsed<ObservationExpression> observation_sequence() { return observation_chain(0); }

  Parsed<ObservationExpression> observation_chain(int level) {
    static constexpr TokenKind kOperators[] = {TokenKind::FollowedBy, TokenKind::Or, TokenKind::And};
    static constexpr ObservationExpression::Kind kKinds[] = {ObservationExpression::Kind::FollowedBy,
                                                              ObservationExpression::Kind::Or,
                                                              ObservationExpression::Kind::And};
    auto next_level = [&]() { return level == 2 ? qualified_observation() : observation_chain(level + 1); };
    auto left = next_level();
    if (!left) return left;
    while (accept(kOperators[level])) {
      auto right = next_level();
      if (!right) return right;
      left = binary<ObservationExpression>(kKinds[level], std::move(*left), std::move(*right));
    }
    return left;
  }

  Parsed<ObservationExpression> qualified_observation() {
    auto node = observation_atom();
    if (!node) return node;
    while (true) {
      auto qualifier = optional_qualifier();
      if (!qualifier) return std::unexpected(qualifier.error());
      if (!*qualifier) return node;
      node->qualifiers.push_back(std::move(**qualifier));
    }
  }

  Parsed<ObservationExpression> observation_atom() {
    Nesting nesting(depth_);
    if (depth_ > kMaxNesting) return fail(current().offset, "expression nested too deeply");
    if (accept(TokenKind::LParen)) {
      auto inner = observation_sequence();
      if (!inner) return inner;
      if (auto closed = expect(TokenKind::RParen); !closed) return std::unexpected(closed.error());
      return inner;
    }
    if (!accept(TokenKind::LBracket)) return unexpected_token("'[' or '(' starting an observation expression");
    auto comparison = comparison_chain(false);
    if (!comparison) return std::unexpected(comparison.error());
    if (auto closed = expect(TokenKind::RBracket); !closed) return std::unexpected(closed.error());
    ObservationExpression node;
    node.comparison = std::move(*comparison);
    return node;
  }

  Parsed<std::optional<Qualifier>> optional_qualifier() {
    Qualifier qualifier;
    const size_t offset = current().offset;
    if (accept(TokenKind::Within)) {
      qualifier.kind = Qualifier::Kind::Within;
      if (current().kind != TokenKind::IntPos && current().kind != TokenKind::FloatPos) {
        return unexpected_token("a positive number of seconds");
      }
      qualifier.number = advance().value;
      if (!is_positive_number(qualifier.number)) return fail(offset, "WITHIN needs a positive number of seconds");
      if (auto unit = expect(TokenKind::Seconds); !unit) return std::unexpected(unit.error());
    } else if (accept(TokenKind::Repeats)) {
      qualifier.kind = Qualifier::Kind::Repeats;
      if (current().kind != TokenKind::IntPos) return unexpected_token("a positive integer");
      qualifier.number = advance().value;
      if (!is_positive_number(qualifier.number)) return fail(offset, "REPEATS needs a positive count");
      if (auto unit = expect(TokenKind::Times); !unit) return std::unexpected(unit.error());
    } else if (accept(TokenKind::Start)) {
      qualifier.kind = Qualifier::Kind::StartStop;
      auto start = expect(TokenKind::Timestamp);
      if (!start) return std::unexpected(start.error());
      if (auto stop_keyword = expect(TokenKind::Stop); !stop_keyword) return std::unexpected(stop_keyword.error());
      auto stop = expect(TokenKind::Timestamp);
      if (!stop) return std::unexpected(stop.error());
      qualifier.start = (*start)->value;
      qualifier.stop = (*stop)->value;
      if (!(*StixTimestamp::parse(qualifier.stop) > *StixTimestamp::parse(qualifier.start))) {
        return fail((*stop)->offset, "STOP must be later than START");
      }
    } else {
      return std::optional<Qualifier>();
    }
    return std::optional<Qualifier>(std::move(qualifier));
  }

  // or := and (OR and)*; and := test (AND test)*
  Parsed<ComparisonExpression> comparison_chain(bool and_level) {
    auto next_level = [&]() { return and_level ? comparison_atom() : comparison_chain(true); };
    auto left = next_level();
    if (!left) return left;
    const TokenKind op = and_level ? TokenKind::And : TokenKind::Or;
    const auto kind = and_level ? ComparisonExpression::Kind::And : ComparisonExpression::Kind::Or;
    while (accept(op)) {
      auto right = next_level();
      if (!right) return right;
      left = binary<ComparisonExpression>(kind, std::move(*left), std::move(*right));
    }
    return left;
  }

  Parsed<ComparisonExpression> comparison_atom() {
    Nesting nesting(depth_);
    if (depth_ > kMaxNesting) return fail(current().offset, "expression nested too deeply");
    if (accept(TokenKind::LParen)) {
      auto inner = comparison_chain(false);
      if (!inner) return inner;
      if (auto closed = expect(TokenKind::RParen); !closed) return std::unexpected(closed.error());
      return inner;
    }
    ComparisonExpression node;
    if (accept(TokenKind::Exists)) {
      node.test.op = ComparisonOperator::Exists;
      auto path = object_path();
      if (!path) return std::unexpected(path.error());
      node.test.path = std::move(*path);
      return node;
    }
    auto path = object_path();
    if (!path) return std::unexpected(path.error());
    node.test.path = std::move(*path);
    node.test.negated = accept(TokenKind::Not);
    auto op = comparison_operator(current().kind);
    if (!op) return unexpected_token("a comparison operator");
    advance();
    node.test.op = *op;
    auto values = comparison_values(*op);
    if (!values) return std::unexpected(values.error());
    node.test.values = std::move(*values);
    return node;
  }

  Parsed<std::vector<Literal>> comparison_values(ComparisonOperator op) {
    std::vector<Literal> values;
    if (op == ComparisonOperator::In) {
      if (auto open = expect(TokenKind::LParen); !open) return std::unexpected(open.error());
      if (accept(TokenKind::RParen)) return values;
      do {
        auto value = literal(true);
        if (!value) return std::unexpected(value.error());
        values.push_back(std::move(*value));
      } while (accept(TokenKind::Comma));
      if (auto closed = expect(TokenKind::RParen); !closed) return std::unexpected(closed.error());
      return values;
    }
    const bool string_only = op == ComparisonOperator::Like || op == ComparisonOperator::Matches ||
                             op == ComparisonOperator::IsSubset || op == ComparisonOperator::IsSuperset;
    if (string_only) {
      auto text = expect(TokenKind::String);
      if (!text) return std::unexpected(text.error());
      values.push_back({LiteralKind::String, (*text)->value});
      return values;
    }
    const bool equality = op == ComparisonOperator::Equal || op == ComparisonOperator::NotEqual;
    auto value = literal(equality);
    if (!value) return std::unexpected(value.error());
    values.push_back(std::move(*value));
    return values;
  }

  Parsed<Literal> literal(bool boolean_allowed) {
    const TokenKind kind = current().kind;
    if (!is_orderable_literal(kind) && !(boolean_allowed && kind == TokenKind::Boolean)) {
      return unexpected_token(boolean_allowed ? "a literal" : "an orderable literal (not a boolean)");
    }
    return Literal{literal_kind(kind), advance().value};
  }

  // object-type ':' first-property ('.' property | '[' index ']')*
  Parsed<ObjectPath> object_path() {
    ObjectPath path;
    auto type = expect(TokenKind::Identifier);
    if (!type) return std::unexpected(type.error());
    path.object_type = (*type)->value;
    if (auto colon = expect(TokenKind::Colon); !colon) return std::unexpected(colon.error());
    auto first = property_name();
    if (!first) return std::unexpected(first.error());
    path.steps.push_back({PathStep::Kind::Property, std::move(*first), 0});
    while (true) {
      if (accept(TokenKind::Dot)) {
        auto name = property_name();
        if (!name) return std::unexpected(name.error());
        path.steps.push_back({PathStep::Kind::Property, std::move(*name), 0});
      } else if (accept(TokenKind::LBracket)) {
        auto step = index_step();
        if (!step) return std::unexpected(step.error());
        path.steps.push_back(std::move(*step));
      } else {
        return path;
      }
    }
  }

  Parsed<std::string> property_name() {
    if (current().kind == TokenKind::String) return advance().value;
    if (current().kind != TokenKind::Identifier) return unexpected_token("a property name");
    if (current().value.find('-') != std::string::npos) {
      return fail(current().offset, "property names containing '-' must be quoted ('name')");
    }
    return advance().value;
  }

  Parsed<PathStep> index_step() {
    PathStep step;
    if (accept(TokenKind::Asterisk)) {
      step.kind = PathStep::Kind::AnyIndex;
    } else if (current().kind == TokenKind::IntPos || current().kind == TokenKind::IntNeg) {
      const Token& number = current();
      const auto* begin = number.value.data();
      auto [end, ec] = std::from_chars(begin, begin + number.value.size(), step.index);
      if (ec != std::errc() || end != begin + number.value.size()) return fail(number.offset, "list index out of range");
      step.kind = PathStep::Kind::Index;
      advance();
    } else {
      return unexpected_token("a list index or '*'");
    }
    if (auto closed = expect(TokenKind::RBracket); !closed) return std::unexpected(closed.error());
    return step;
  }

  std::vector<Token> tokens_;
  size_t index_ = 0;
  int depth_ = 0;
};

}  // namespace

std::string PatternError::to_string() const { return fmt::format("byte {}: {}", offset, message); }

std::expected<Pattern, PatternError> parse_pattern(std::string_view text) {
  auto tokens = tokenize_pattern(text);
  if (!tokens) return std::unexpected(tokens.error());
  return Parser(std::move(*tokens)).run();
}

}  // namespace rampart::intel
