// Packet header keywords: ttl, ip_proto, id, fragoffset, seq, ack, window, itype, icode,
// icmp_id, icmp_seq (numbers), ipopts, sameip, fragbits, flags and the checksum keywords.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <span>

#include <utility>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

struct NumericField {
  std::string_view keyword;
  uint64_t max;
};

constexpr std::array<NumericField, 11> kNumericFields{{
    {"ttl", 255}, {"id", 65535}, {"fragoffset", 8191}, {"seq", UINT32_MAX}, {"ack", UINT32_MAX},
    {"window", 65535}, {"itype", 255}, {"icode", 255}, {"icmp_id", 65535}, {"icmp_seq", 65535},
    {"tcp.mss", 65535}}};

RuleResult<void> add_numeric(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  uint64_t max = 0;
  for (const auto& field : kNumericFields)
    if (field.keyword == keyword) max = field.max;
  auto condition = parse_numeric_condition(value, max);
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not a number 0-{} or a comparison", value, max));
  b.signature().header_conditions.push_back({std::string(keyword), *condition});
  return {};
}

constexpr std::array<std::pair<std::string_view, uint8_t>, 12> kProtocolNumbers{{
    {"ip", 0}, {"icmp", 1}, {"igmp", 2}, {"ipip", 4}, {"tcp", 6}, {"udp", 17}, {"ipv6", 41},
    {"gre", 47}, {"esp", 50}, {"ah", 51}, {"ipv6-icmp", 58}, {"sctp", 132}}};

RuleResult<void> add_ip_proto(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto text = trim(value);
  auto name_start = std::min(text.find_first_not_of("<>=!"), text.size());
  std::string resolved(text);
  for (const auto& [name, number] : kProtocolNumbers)
    if (text.substr(name_start) == name) resolved = std::string(text.substr(0, name_start)) + std::to_string(number);
  auto condition = parse_numeric_condition(resolved, 255);
  if (!condition || condition->op == NumericCondition::Op::Between)
    return invalid_value(keyword, fmt::format("'{}' is not a protocol name or number", value));
  b.signature().header_conditions.push_back({"ip_proto", *condition});
  return {};
}

RuleResult<void> add_ipopts(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr std::array<std::string_view, 10> kOptions{"rr", "eol", "nop", "ts", "sec", "esec", "lsrr", "ssrr", "satid", "any"};
  if (std::find(kOptions.begin(), kOptions.end(), value) == kOptions.end())
    return invalid_value(keyword, fmt::format("unknown IP option '{}'", value));
  b.signature().ip_options.emplace_back(value);
  return {};
}

RuleResult<void> set_sameip(RuleBuilder& b, std::string_view, std::string_view) {
  b.signature().same_ip = true;
  return {};
}

struct BitLetter {
  char letter;
  uint8_t bit;
};

// Parses letters with one modifier (+ * !) before or after them into bits.
RuleResult<BitsCondition> parse_bits(std::string_view keyword, std::string_view text, std::span<const BitLetter> letters) {
  BitsCondition condition{std::string(keyword), 0, 0, 0};
  bool none = false;
  for (char c : trim(text)) {
    if (c == '+' || c == '*' || c == '!') {
      if (condition.modifier != 0) return invalid_value(keyword, "more than one modifier");
      condition.modifier = c;
      continue;
    }
    if (c == '0') {
      none = true;
      continue;
    }
    auto it = std::find_if(letters.begin(), letters.end(), [c](const BitLetter& l) { return l.letter == c; });
    if (it == letters.end()) return invalid_value(keyword, fmt::format("unknown flag '{}'", c));
    condition.bits |= it->bit;
  }
  if (none && condition.bits != 0) return invalid_value(keyword, "'0' (no flags) combined with flags");
  if (!none && condition.bits == 0) return invalid_value(keyword, "no flags given");
  return condition;
}

constexpr std::array<BitLetter, 11> kTcpFlags{{{'F', 0x01}, {'S', 0x02}, {'R', 0x04}, {'P', 0x08}, {'A', 0x10}, {'U', 0x20},
                                               {'E', 0x40}, {'C', 0x80}, {'W', 0x80}, {'2', 0x40}, {'1', 0x80}}};

RuleResult<void> add_flags(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto comma = value.find(',');
  auto condition = parse_bits(keyword, value.substr(0, comma), kTcpFlags);
  if (!condition) return std::unexpected(condition.error());
  if (comma != std::string_view::npos) {
    auto mask = parse_bits(keyword, value.substr(comma + 1), kTcpFlags);
    if (!mask || mask->modifier != 0) return invalid_value(keyword, fmt::format("bad mask in '{}'", value));
    condition->ignored = mask->bits;
  }
  condition->field = "flags";  // flags and tcp.flags are one condition
  b.signature().bits_conditions.push_back(*condition);
  return {};
}

constexpr std::array<BitLetter, 3> kFragBits{{{'M', 0x01}, {'D', 0x02}, {'R', 0x04}}};

RuleResult<void> add_fragbits(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto condition = parse_bits(keyword, value, kFragBits);
  if (!condition) return std::unexpected(condition.error());
  b.signature().bits_conditions.push_back(*condition);
  return {};
}

RuleResult<void> add_checksum(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  if (value != "valid" && value != "invalid") return invalid_value(keyword, fmt::format("'{}' is not valid or invalid", value));
  b.signature().checksums.push_back({std::string(keyword), value == "valid"});
  return {};
}

}  // namespace

void register_packet_keywords(KeywordRegistry& registry) {
  for (const auto& field : kNumericFields) registry.add({std::string(field.keyword), ValueUse::Required, add_numeric});
  registry.add({"ip_proto", ValueUse::Required, add_ip_proto});
  registry.add({"ipopts", ValueUse::Required, add_ipopts});
  registry.add({"sameip", ValueUse::None, set_sameip});
  registry.add({"flags", ValueUse::Required, add_flags});
  registry.add({"tcp.flags", ValueUse::Required, add_flags});  // Suricata 8's name for flags
  registry.add({"fragbits", ValueUse::Required, add_fragbits});
  for (const char* checksum : {"ipv4-csum", "tcpv4-csum", "tcpv6-csum", "udpv4-csum", "udpv6-csum", "icmpv4-csum", "icmpv6-csum", "igmp-csum"})
    registry.add({checksum, ValueUse::Required, add_checksum});
}

}  // namespace rampart::detect
