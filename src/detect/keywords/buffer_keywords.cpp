// Sticky buffers (http.uri, dns.query ... from the BufferRegistry), the value keywords on
// protocol buffers (ftp.mode:active, ftp.dynamic_port:>1024 ...), the Snort-era content
// modifiers that move the previous content into a buffer (http_uri ...), pkt_data, and
// base64_decode / base64_data.
#include <fmt/format.h>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/numeric_condition.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

// `http.connection: to_client` in a "=>" rule: the buffer of that side.
RuleResult<void> select_sticky_buffer(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  const BufferSpec& spec = *BufferRegistry::builtin().find(keyword);
  if (trim(value).empty()) return b.select_buffer(spec);
  auto side = b.transaction_side(keyword, spec, trim(value));
  if (!side) return std::unexpected(side.error());
  return b.select_buffer(spec, *side);
}

// `name:word` is an exact match of the buffer against the word's buffer form. The
// match goes to the buffer without selecting it: later contents stay where they were.
RuleResult<void> match_word(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  const BufferSpec& spec = *BufferRegistry::builtin().find(keyword);
  std::string word = to_lower(trim(value));
  for (const auto& w : spec.words) {
    if (w.in_rule != word) continue;
    auto inspection = b.inspection_for(spec);
    if (!inspection) return std::unexpected(inspection.error());
    ContentMatch exact;
    exact.pattern = std::string(w.in_buffer);
    exact.startswith = exact.endswith = true;
    b.add_match_to(*inspection, std::move(exact));
    return {};
  }
  return invalid_value(keyword, fmt::format("unknown value '{}'", value));
}

ByteTest compare_u16(std::string op, bool negated, uint64_t value) {
  ByteTest test;
  test.read.bytes = 2;
  test.op = std::move(op);
  test.negated = negated;
  test.value = PositionValue{static_cast<int64_t>(value), {}};
  return test;
}

// A number's name (dns.rcode:nxdomain, also after `!`) replaced by its value.
std::string with_named_value(const BufferSpec& spec, std::string_view value) {
  std::string_view text = trim(value);
  const bool negated = text.starts_with('!');
  std::string_view name = trim(text.substr(negated ? 1 : 0));
  for (const auto& w : spec.words)
    if (to_lower(name) == w.in_rule) return std::string(negated ? "!" : "") + std::string(w.in_buffer);
  return std::string(text);
}

// `name:N` (dsize's syntax) on a buffer holding a 16-bit big-endian number.
RuleResult<void> match_number(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  const BufferSpec& spec = *BufferRegistry::builtin().find(keyword);
  auto condition = parse_numeric_condition(with_named_value(spec, value), 65535);
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not a number or range", value));
  auto inspection = b.inspection_for(spec);
  if (!inspection) return std::unexpected(inspection.error());
  using Op = NumericCondition::Op;
  std::vector<ByteTest> tests;
  switch (condition->op) {
    case Op::Equal: tests.push_back(compare_u16("=", false, condition->value)); break;
    case Op::NotEqual: tests.push_back(compare_u16("=", true, condition->value)); break;
    case Op::Less: tests.push_back(compare_u16("<", false, condition->value)); break;
    case Op::LessOrEqual: tests.push_back(compare_u16("<=", false, condition->value)); break;
    case Op::Greater: tests.push_back(compare_u16(">", false, condition->value)); break;
    case Op::GreaterOrEqual: tests.push_back(compare_u16(">=", false, condition->value)); break;
    case Op::Between:
      tests.push_back(compare_u16(">", false, condition->value));
      tests.push_back(compare_u16("<", false, condition->upper));
      break;
  }
  for (auto& test : tests) b.add_match_to(*inspection, std::move(test));
  return {};
}

RuleResult<void> apply_legacy_modifier(RuleBuilder& b, std::string_view keyword, std::string_view) {
  const auto& registry = BufferRegistry::builtin();
  const auto* modifier = registry.find_legacy_modifier(keyword);
  return b.move_last_content(*registry.find(modifier->buffer), keyword);
}

RuleResult<void> add_base64_decode(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  Base64Decode decode;
  for (auto item : split_trimmed(value, ',')) {
    if (item.empty() && value.empty()) break;
    auto [key, arg] = split_key_value(item);
    auto number = parse_unsigned(arg, 65535);
    if (item == "relative") decode.relative = true;
    else if (key == "bytes" && number && *number > 0) decode.bytes = static_cast<uint32_t>(*number);
    else if (key == "offset" && number) decode.offset = static_cast<uint32_t>(*number);
    else return invalid_value(keyword, fmt::format("unknown or malformed option '{}'", item));
  }
  b.add_match(decode);
  return {};
}

RuleResult<void> select_base64_data(RuleBuilder& b, std::string_view keyword, std::string_view) {
  for (const auto& inspection : b.signature().inspections)
    for (const auto& match : inspection.matches)
      if (std::holds_alternative<Base64Decode>(match)) return b.select_buffer(*BufferRegistry::builtin().find(keyword));
  return rule_error("base64_data without base64_decode", "base64_data needs a base64_decode before it");
}

}  // namespace

void register_buffer_keywords(KeywordRegistry& registry) {
  const auto& buffers = BufferRegistry::builtin();
  for (const auto& spec : buffers.buffers()) {
    if (spec.use == proto::BufferUse::Word) registry.add({spec.name, ValueUse::Required, match_word});
    if (spec.use == proto::BufferUse::Number) registry.add({spec.name, ValueUse::Required, match_number});
    if (spec.use != proto::BufferUse::Sticky) continue;
    registry.add({spec.name, ValueUse::Optional, select_sticky_buffer});
    for (const auto& alias : spec.aliases) registry.add({alias, ValueUse::Optional, select_sticky_buffer});
  }
  for (const auto& modifier : buffers.legacy_modifiers()) registry.add({modifier.modifier, ValueUse::None, apply_legacy_modifier});
  registry.add({"base64_decode", ValueUse::Optional, add_base64_decode});
  registry.add({"base64_data", ValueUse::None, select_base64_data});
}

}  // namespace rampart::detect
