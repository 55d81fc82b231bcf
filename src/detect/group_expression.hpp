#pragma once
// The grammar shared by address and port fields of a rule header:
//   expr  := "!" expr | "[" expr ("," expr)* "]" | "$" NAME | atom
// A group is the union of its positive members minus its negated ones; a group of
// only negated members starts from the full set, as in Suricata.
#include <fmt/format.h>

#include <string>
#include <string_view>
#include <vector>

#include "detect/rule_error.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

// Set: full(), complement(), united(), minus(), empty(). Atom: string_view -> RuleResult<Set>.
// Lookup: string_view name -> const std::string* (the variable's text, or null).
template <typename Set, typename Atom, typename Lookup>
class GroupExpression {
 public:
  GroupExpression(std::string_view field, Atom atom, Lookup lookup) : field_(field), atom_(atom), lookup_(lookup) {}

  RuleResult<Set> evaluate(std::string_view text, int depth = 0) const {
    text = trim(text);
    if (depth > kMaxDepth) return invalid_value(field_, "variables or groups nested too deeply");
    if (text.empty()) return invalid_value(field_, "empty element");
    if (text.front() == '!') {
      auto inner = evaluate(text.substr(1), depth + 1);
      if (!inner) return inner;
      return inner->complement();
    }
    if (text.front() == '[') return evaluate_group(text, depth);
    if (text.front() == '$') {
      const std::string* value = lookup_(text.substr(1));
      if (value == nullptr) return rule_error("undefined variable", fmt::format("{} variable {} is not defined", field_, text));
      return evaluate(*value, depth + 1);
    }
    return atom_(text);
  }

 private:
  static constexpr int kMaxDepth = 64;

  RuleResult<Set> evaluate_group(std::string_view text, int depth) const {
    if (text.back() != ']') return invalid_value(field_, fmt::format("unbalanced brackets in '{}'", text));
    auto members = split_top_level(text.substr(1, text.size() - 2), ',');
    if (!members) return invalid_value(field_, fmt::format("unbalanced brackets in '{}'", text));
    Set positive;
    Set negative;
    bool any_positive = false;
    for (auto member : *members) {
      member = trim(member);
      bool negated = !member.empty() && member.front() == '!';
      auto value = evaluate(negated ? member.substr(1) : member, depth + 1);
      if (!value) return value;
      if (negated) {
        negative = negative.united(*value);
      } else {
        positive = positive.united(*value);
        any_positive = true;
      }
    }
    return (any_positive ? positive : Set::full()).minus(negative);
  }

  std::string_view field_;
  Atom atom_;
  Lookup lookup_;
};

}  // namespace rampart::detect
