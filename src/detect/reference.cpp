#include "detect/reference.hpp"

#include <fmt/format.h>

#include "detect/config_lines.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

RuleResult<ReferenceTable> load_reference_config(const std::string& path) {
  ReferenceTable table;
  auto r = read_config_lines(path, "reference", [&table](std::string_view value, size_t) -> RuleResult<void> {
    auto space = value.find_first_of(" \t");
    if (space == std::string_view::npos)
      return rule_error("invalid reference system", fmt::format("'{}' is not 'system url'", value));
    table[std::string(value.substr(0, space))] = std::string(trim(value.substr(space)));
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return table;
}

}  // namespace rampart::detect
