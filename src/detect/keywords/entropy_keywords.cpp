// entropy (Suricata 8): "[bytes N,] [offset N,] value OP X" on the sticky buffer before
// it (the payload without one); OP is =, !=, <, <=, >, >=, or a range A-B (exclusive) and its negation !A-B.
#include <fmt/format.h>

#include <charconv>
#include <string>

#include "detect/entropy.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"
#include "detect/variable_names.hpp"

namespace rampart::detect {

namespace {

using Op = EntropyCondition::Op;

std::optional<double> parse_entropy(std::string_view text) {
  text = trim(text);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value < 0 || value > 8) return std::nullopt;
  return value;
}

// Longest operators first, so ">=" is not read as ">".
constexpr std::pair<std::string_view, Op> kOperators[] = {{"!=", Op::NotEqual}, {"<=", Op::LessOrEqual},
                                                          {">=", Op::GreaterOrEqual}, {"<", Op::Less},
                                                          {">", Op::Greater}, {"=", Op::Equal}};

bool parse_comparison(std::string_view text, EntropyCondition& c) {
  text = trim(text);
  for (auto [symbol, op] : kOperators) {
    if (!text.starts_with(symbol)) continue;
    auto value = parse_entropy(text.substr(symbol.size()));
    if (!value) return false;
    c.op = op;
    c.value = *value;
    return true;
  }
  const bool negated = text.starts_with('!');
  if (negated) text = trim(text.substr(1));
  auto dash = text.find('-');
  if (dash == std::string_view::npos) {
    auto value = negated ? std::nullopt : parse_entropy(text);
    c.value = value.value_or(0);
    return value.has_value();
  }
  auto low = parse_entropy(text.substr(0, dash)), high = parse_entropy(text.substr(dash + 1));
  if (!low || !high || *low >= *high) return false;
  c.op = negated ? Op::NotBetween : Op::Between;
  c.value = *low;
  c.upper = *high;
  return true;
}

// Suricata logs the value under the buffer's internal name: file.data as file_data.
std::string log_name(std::string_view buffer) {
  std::string name(buffer);
  for (char& ch : name)
    if (ch == '.') ch = '_';
  return name;
}

RuleResult<void> add_entropy(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  EntropyCondition c;
  bool has_value = false;
  for (auto item : split_trimmed(value, ',')) {
    auto [key, argument] = split_key_value(item);
    bool ok = false;
    if (key == "value") {
      ok = has_value = parse_comparison(argument, c);
    } else if (key == "bytes" || key == "offset") {
      auto n = parse_unsigned(argument, UINT32_MAX);
      if (n) (key == "bytes" ? c.bytes : c.offset) = static_cast<uint32_t>(*n);
      ok = n.has_value();
    }
    if (!ok) return invalid_value(keyword, fmt::format("'{}' is not bytes N, offset N or value OP X (X from 0 to 8)", item));
  }
  if (!has_value) return invalid_value(keyword, "entropy needs a value");
  auto& inspection = b.current_inspection();
  c.log_var = intern_variable_name(log_name(inspection.buffer));
  inspection.entropies.push_back(c);
  return {};
}

}  // namespace

void register_entropy_keywords(KeywordRegistry& registry) { registry.add({"entropy", ValueUse::Required, add_entropy}); }

}  // namespace rampart::detect
