#include "detect/classification.hpp"

#include <fmt/format.h>

#include "detect/config_lines.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

RuleResult<ClassificationTable> load_classification_config(const std::string& path) {
  ClassificationTable table;
  auto r = read_config_lines(path, "classification", [&table](std::string_view value, size_t) -> RuleResult<void> {
    auto parts = split_trimmed(value, ',');
    auto priority = parts.size() == 3 ? parse_unsigned(parts[2], 255) : std::nullopt;
    if (!priority || parts[0].empty())
      return rule_error("invalid classification", fmt::format("'{}' is not shortname,description,priority", value));
    table[std::string(parts[0])] = {std::string(parts[1]), static_cast<int>(*priority)};
    return {};
  });
  if (!r) return std::unexpected(r.error());
  return table;
}

}  // namespace rampart::detect
