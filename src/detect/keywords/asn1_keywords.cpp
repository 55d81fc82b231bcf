// asn1: checks ASN.1 BER encoded data at a position for overflows and oversized lengths.
#include <fmt/format.h>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> apply_asn1_option(Asn1Check& check, std::string_view keyword, std::string_view item) {
  auto [key, arg] = split_key_value(item);
  auto offset = parse_signed(arg, -65535, 65535);
  if (item == "bitstring_overflow") check.bitstring_overflow = true;
  else if (item == "double_overflow") check.double_overflow = true;
  else if (key == "oversize_length" && parse_unsigned(arg, UINT32_MAX)) check.oversize_length = static_cast<uint32_t>(*parse_unsigned(arg, UINT32_MAX));
  else if (key == "absolute_offset" && offset && *offset >= 0) check.absolute_offset = static_cast<int32_t>(*offset);
  else if (key == "relative_offset" && offset) check.relative_offset = static_cast<int32_t>(*offset);
  else return invalid_value(keyword, fmt::format("unknown or malformed option '{}'", item));
  return {};
}

RuleResult<void> add_asn1(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  Asn1Check check;
  for (auto item : split_trimmed(value, ','))
    if (auto r = apply_asn1_option(check, keyword, item); !r) return r;
  if (check.absolute_offset && check.relative_offset)
    return rule_error("conflicting modifiers", "asn1: absolute_offset and relative_offset together");
  b.add_match(check);
  return {};
}

}  // namespace

void register_asn1_keywords(KeywordRegistry& registry) { registry.add({"asn1", ValueUse::Required, add_asn1}); }

}  // namespace rampart::detect
