// byte_test, byte_jump, byte_extract, byte_math: read a number from the buffer and
// test it, jump by it, or keep it in a variable for later positions and values.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr int64_t kMaxOffset = 65535;
constexpr uint32_t kMaxBinaryBytes = 8;
constexpr uint32_t kMaxStringBytes = 23;

// Options common to all byte_* keywords; returns false when item is not one of them.
bool apply_read_option(ByteReadSpec& read, std::string_view item, std::optional<uint64_t>& bitmask_error) {
  auto [key, value] = split_key_value(item);
  if (item == "relative") read.relative = true;
  else if (item == "big") read.endian = Endian::Big;
  else if (item == "little") read.endian = Endian::Little;
  else if (item == "dce") read.endian = Endian::Dce;
  else if (item == "string") read.base = read.base == NumberBase::Binary ? NumberBase::Decimal : read.base;
  else if (item == "hex") read.base = NumberBase::Hex;
  else if (item == "dec") read.base = NumberBase::Decimal;
  else if (item == "oct") read.base = NumberBase::Octal;
  else if (key == "bitmask") {
    auto mask = parse_unsigned(value, UINT32_MAX, true);
    if (!mask || *mask == 0) bitmask_error = 0;
    else read.bitmask = static_cast<uint32_t>(*mask);
  } else {
    return false;
  }
  return true;
}

// 0 bytes reads a whole string buffer (http.content_len ...); check_read requires string then.
RuleResult<uint32_t> parse_byte_count(std::string_view keyword, std::string_view text) {
  auto bytes = parse_unsigned(text, kMaxStringBytes);
  if (!bytes) return invalid_value(keyword, fmt::format("'{}' is not a byte count 0-{}", text, kMaxStringBytes));
  return static_cast<uint32_t>(*bytes);
}

RuleResult<void> check_read(std::string_view keyword, const ByteReadSpec& read) {
  // byte_jump over 0 bytes moves by post_offset alone.
  if (read.bytes == 0 && read.base == NumberBase::Binary && keyword != "byte_jump")
    return invalid_value(keyword, "0 bytes (the whole buffer) needs the string option");
  if (read.base == NumberBase::Binary && read.bytes > kMaxBinaryBytes)
    return invalid_value(keyword, fmt::format("{} bytes is more than {} for a binary number", read.bytes, kMaxBinaryBytes));
  if (read.base != NumberBase::Binary && read.endian == Endian::Dce)
    return rule_error("conflicting modifiers", fmt::format("{}: dce cannot be combined with string", keyword));
  return {};
}

// Applies the options after the positional arguments; extra handles keyword-specific ones.
template <typename Extra>
RuleResult<void> apply_options(std::string_view keyword, ByteReadSpec& read, std::span<const std::string_view> items, Extra extra) {
  for (auto item : items) {
    std::optional<uint64_t> bitmask_error;
    if (apply_read_option(read, item, bitmask_error)) {
      if (bitmask_error) return invalid_value(keyword, fmt::format("bad bitmask in '{}'", item));
      continue;
    }
    if (auto r = extra(item); !r) return r;
  }
  return check_read(keyword, read);
}

void add_byte_match(RuleBuilder& b, bool relative, PayloadMatch match) {
  if (relative) b.add_relative_match(std::move(match));
  else b.add_match(std::move(match));
}

std::unexpected<RuleError> unknown_option(std::string_view keyword, std::string_view item) {
  return invalid_value(keyword, fmt::format("unknown option '{}'", item));
}

RuleResult<void> add_byte_test(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  if (items.size() < 4) return invalid_value(keyword, "needs bytes, operator, value, offset");
  ByteTest test;
  auto bytes = parse_byte_count(keyword, items[0]);
  if (!bytes) return std::unexpected(bytes.error());
  test.read.bytes = *bytes;
  std::string_view op = items[1];
  if (op.starts_with('!')) {
    test.negated = true;
    op.remove_prefix(1);
  }
  static constexpr std::array<std::string_view, 7> kOps{"<", ">", "=", "<=", ">=", "&", "^"};
  if (std::find(kOps.begin(), kOps.end(), op) == kOps.end()) return invalid_value(keyword, fmt::format("unknown operator '{}'", items[1]));
  test.op = std::string(op);
  if (auto hex = parse_unsigned(items[2], UINT64_MAX, true)) {
    test.value = PositionValue{static_cast<int64_t>(*hex), {}};
  } else {
    auto v = parse_position(b, keyword, items[2], 0, INT64_MAX);
    if (!v) return std::unexpected(v.error());
    test.value = *v;
  }
  auto offset = parse_position(b, keyword, items[3], -kMaxOffset, kMaxOffset);
  if (!offset) return std::unexpected(offset.error());
  test.read.offset = *offset;
  auto r = apply_options(keyword, test.read, std::span(items).subspan(4), [&](std::string_view item) -> RuleResult<void> {
    return unknown_option(keyword, item);
  });
  if (!r) return r;
  add_byte_match(b, test.read.relative, std::move(test));
  return {};
}

RuleResult<void> add_byte_jump(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  if (items.size() < 2) return invalid_value(keyword, "needs bytes, offset");
  ByteJump jump;
  auto bytes = parse_byte_count(keyword, items[0]);
  if (!bytes) return std::unexpected(bytes.error());
  jump.read.bytes = *bytes;
  auto offset = parse_position(b, keyword, items[1], -kMaxOffset, kMaxOffset);
  if (!offset) return std::unexpected(offset.error());
  jump.read.offset = *offset;
  auto r = apply_options(keyword, jump.read, std::span(items).subspan(2), [&](std::string_view item) -> RuleResult<void> {
    auto [key, arg] = split_key_value(item);
    if (item == "align") jump.align = true;
    else if (item == "from_beginning") jump.from = ByteJump::From::Beginning;
    else if (item == "from_end") jump.from = ByteJump::From::End;
    else if (key == "multiplier" && parse_unsigned(arg, 65535)) jump.multiplier = static_cast<uint32_t>(*parse_unsigned(arg, 65535));
    else if (key == "post_offset" && parse_signed(arg, -kMaxOffset, kMaxOffset)) jump.post_offset = *parse_signed(arg, -kMaxOffset, kMaxOffset);
    else return unknown_option(keyword, item);
    return {};
  });
  if (!r) return r;
  add_byte_match(b, jump.read.relative, std::move(jump));
  return {};
}

RuleResult<void> check_new_variable(RuleBuilder& b, std::string_view keyword, std::string_view name) {
  bool valid = !name.empty() && !std::isdigit(static_cast<unsigned char>(name.front())) &&
               name.find_first_of(" \t\"") == std::string_view::npos;
  if (!valid) return invalid_value(keyword, fmt::format("'{}' is not a variable name", name));
  if (b.has_variable(name)) return invalid_value(keyword, fmt::format("variable {} is defined twice", name));
  return {};
}

RuleResult<void> add_byte_extract(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto items = split_trimmed(value, ',');
  if (items.size() < 3) return invalid_value(keyword, "needs bytes, offset, name");
  ByteExtract extract;
  auto bytes = parse_byte_count(keyword, items[0]);
  if (!bytes) return std::unexpected(bytes.error());
  extract.read.bytes = *bytes;
  auto offset = parse_signed(items[1], -kMaxOffset, kMaxOffset);
  if (!offset) return invalid_value(keyword, fmt::format("'{}' is not an offset", items[1]));
  extract.read.offset = PositionValue{*offset, {}};
  if (auto r = check_new_variable(b, keyword, items[2]); !r) return r;
  extract.name = std::string(items[2]);
  auto r = apply_options(keyword, extract.read, std::span(items).subspan(3), [&](std::string_view item) -> RuleResult<void> {
    auto [key, arg] = split_key_value(item);
    auto number = parse_unsigned(arg, 65535);
    if (key == "multiplier" && number) extract.multiplier = static_cast<uint32_t>(*number);
    else if (key == "align" && number && (*number == 2 || *number == 4)) extract.align = static_cast<uint32_t>(*number);
    else return unknown_option(keyword, item);
    return {};
  });
  if (!r) return r;
  b.define_variable(extract.name);
  add_byte_match(b, extract.read.relative, std::move(extract));
  return {};
}

RuleResult<void> apply_math_option(RuleBuilder& b, std::string_view keyword, ByteMath& math, std::string_view item) {
  auto [key, arg] = split_key_value(item);
  static constexpr std::array<std::string_view, 6> kOps{"+", "-", "*", "/", "<<", ">>"};
  if (key == "bytes") {
    auto bytes = parse_byte_count(keyword, arg);
    if (!bytes) return std::unexpected(bytes.error());
    math.read.bytes = *bytes;
  } else if (key == "offset") {
    auto offset = parse_signed(arg, -kMaxOffset, kMaxOffset);
    if (!offset) return invalid_value(keyword, fmt::format("'{}' is not an offset", arg));
    math.read.offset = PositionValue{*offset, {}};
  } else if (key == "oper") {
    if (std::find(kOps.begin(), kOps.end(), arg) == kOps.end()) return invalid_value(keyword, fmt::format("unknown operator '{}'", arg));
    math.op = std::string(arg);
  } else if (key == "rvalue") {
    auto rvalue = parse_position(b, keyword, arg, 0, UINT32_MAX);
    if (!rvalue) return std::unexpected(rvalue.error());
    math.rvalue = *rvalue;
  } else if (key == "result") {
    if (auto r = check_new_variable(b, keyword, arg); !r) return r;
    math.result = std::string(arg);
  } else if (key == "endian") {
    if (arg != "big" && arg != "little") return unknown_option(keyword, item);
    math.read.endian = arg == "big" ? Endian::Big : Endian::Little;
  } else if (key == "string") {
    if (arg != "hex" && arg != "dec" && arg != "oct") return unknown_option(keyword, item);
    math.read.base = arg == "hex" ? NumberBase::Hex : arg == "dec" ? NumberBase::Decimal : NumberBase::Octal;
  } else {
    return unknown_option(keyword, item);
  }
  return {};
}

RuleResult<void> add_byte_math(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  ByteMath math;
  auto items = split_trimmed(value, ',');
  auto r = apply_options(keyword, math.read, items, [&](std::string_view item) { return apply_math_option(b, keyword, math, item); });
  if (!r) return r;
  if (math.op.empty() || math.result.empty())
    return invalid_value(keyword, "needs bytes, offset, oper, rvalue and result");
  b.define_variable(math.result);
  add_byte_match(b, math.read.relative, std::move(math));
  return {};
}

}  // namespace

void register_byte_keywords(KeywordRegistry& registry) {
  registry.add({"byte_test", ValueUse::Required, add_byte_test});
  registry.add({"byte_jump", ValueUse::Required, add_byte_jump});
  registry.add({"byte_extract", ValueUse::Required, add_byte_extract});
  registry.add({"byte_math", ValueUse::Required, add_byte_math});
}

}  // namespace rampart::detect
