#include "detect/port_set.hpp"

#include <fmt/format.h>

#include "detect/group_expression.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<PortSet> parse_port_atom(std::string_view text) {
  if (text == "any") return PortSet::full();
  auto colon = text.find(':');
  auto bound = [](std::string_view part, uint64_t fallback) -> std::optional<uint64_t> {
    part = trim(part);
    return part.empty() ? std::optional<uint64_t>(fallback) : parse_unsigned(part, 65535);
  };
  auto first = bound(text.substr(0, colon), 0);
  auto last = colon == std::string_view::npos ? first : bound(text.substr(colon + 1), 65535);
  if (!first || !last || (colon != std::string_view::npos && text.size() == 1))
    return invalid_value("port", fmt::format("'{}' is not a port or port range", text));
  if (*first > *last) return invalid_value("port", fmt::format("port range '{}' is reversed", text));
  PortSet set;
  set.ports.add({static_cast<uint16_t>(*first), static_cast<uint16_t>(*last)});
  return set;
}

}  // namespace

RuleResult<PortSet> parse_port_set(std::string_view text, const RuleVariables& variables) {
  auto lookup = [&variables](std::string_view name) { return variables.port(name); };
  GroupExpression<PortSet, decltype(&parse_port_atom), decltype(lookup)> expression("port", &parse_port_atom, lookup);
  auto set = expression.evaluate(text);
  if (set && set->empty()) return invalid_value("port", fmt::format("'{}' leaves no port to match", text));
  return set;
}

}  // namespace rampart::detect
