#include "detect/address_set.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <array>
#include <string>

#include "detect/group_expression.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

std::optional<uint32_t> parse_v4(std::string_view text) {
  std::string s(text);
  in_addr addr{};
  if (inet_pton(AF_INET, s.c_str(), &addr) != 1) return std::nullopt;
  return ntohl(addr.s_addr);
}

std::optional<Uint128> parse_v6(std::string_view text) {
  std::string s(text);
  std::array<uint8_t, 16> bytes{};
  if (inet_pton(AF_INET6, s.c_str(), bytes.data()) != 1) return std::nullopt;
  Uint128 value;
  for (size_t i = 0; i < 8; ++i) value.high = (value.high << 8) | bytes[i];
  for (size_t i = 8; i < 16; ++i) value.low = (value.low << 8) | bytes[i];
  return value;
}

Interval<uint32_t> v4_block(uint32_t base, unsigned prefix) {
  uint32_t host_mask = prefix == 0 ? UINT32_MAX : (prefix >= 32 ? 0 : (UINT32_MAX >> prefix));
  return {base & ~host_mask, base | host_mask};
}

Interval<Uint128> v6_block(Uint128 base, unsigned prefix) {
  uint64_t high_host = prefix >= 64 ? 0 : (prefix == 0 ? UINT64_MAX : UINT64_MAX >> prefix);
  uint64_t low_host = prefix >= 128 ? 0 : (prefix <= 64 ? UINT64_MAX : UINT64_MAX >> (prefix - 64));
  return {{base.high & ~high_host, base.low & ~low_host}, {base.high | high_host, base.low | low_host}};
}

// A netmask in dotted form (10.0.0.0/255.0.0.0) is turned into its prefix length.
std::optional<unsigned> v4_prefix(std::string_view text) {
  if (auto bits = parse_unsigned(text, 32)) return static_cast<unsigned>(*bits);
  auto mask = parse_v4(text);
  if (!mask) return std::nullopt;
  unsigned ones = static_cast<unsigned>(__builtin_popcount(*mask));
  if (ones != 32 && (*mask << ones) != 0) return std::nullopt;
  return ones;
}

RuleResult<AddressSet> parse_range(std::string_view text, size_t dash) {
  auto bad = [&] { return invalid_value("address", fmt::format("'{}' is not an address range", text)); };
  auto a4 = parse_v4(trim(text.substr(0, dash)));
  auto b4 = parse_v4(trim(text.substr(dash + 1)));
  AddressSet set;
  if (a4 && b4) {
    if (*a4 > *b4) return bad();
    set.v4.add({*a4, *b4});
    return set;
  }
  auto a6 = parse_v6(trim(text.substr(0, dash)));
  auto b6 = parse_v6(trim(text.substr(dash + 1)));
  if (!a6 || !b6 || *a6 > *b6) return bad();
  set.v6.add({*a6, *b6});
  return set;
}

RuleResult<AddressSet> parse_address_atom(std::string_view text) {
  if (text == "any") return AddressSet::full();
  if (auto dash = text.find('-'); dash != std::string_view::npos) return parse_range(text, dash);
  auto slash = text.find('/');
  auto address = text.substr(0, slash);
  auto prefix_text = slash == std::string_view::npos ? std::string_view{} : text.substr(slash + 1);
  AddressSet set;
  if (auto v4 = parse_v4(address)) {
    auto prefix = prefix_text.empty() ? std::optional<unsigned>(32) : v4_prefix(prefix_text);
    if (!prefix) return invalid_value("address", fmt::format("bad netmask in '{}'", text));
    set.v4.add(v4_block(*v4, *prefix));
    return set;
  }
  if (auto v6 = parse_v6(address)) {
    auto prefix = prefix_text.empty() ? std::optional<uint64_t>(128) : parse_unsigned(prefix_text, 128);
    if (!prefix) return invalid_value("address", fmt::format("bad prefix length in '{}'", text));
    set.v6.add(v6_block(*v6, static_cast<unsigned>(*prefix)));
    return set;
  }
  return invalid_value("address", fmt::format("'{}' is not an address", text));
}

}  // namespace

RuleResult<AddressSet> parse_address_set(std::string_view text, const RuleVariables& variables) {
  auto lookup = [&variables](std::string_view name) { return variables.address(name); };
  GroupExpression<AddressSet, decltype(&parse_address_atom), decltype(lookup)> expression("address", &parse_address_atom, lookup);
  auto set = expression.evaluate(text);
  if (set && set->empty()) return invalid_value("address", fmt::format("'{}' leaves no address to match", text));
  return set;
}

}  // namespace rampart::detect
