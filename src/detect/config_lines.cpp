#include "detect/config_lines.hpp"

#include <fmt/format.h>

#include <fstream>

#include "detect/text.hpp"

namespace rampart::detect {

RuleResult<void> read_config_lines(const std::string& path, std::string_view kind,
                                   const std::function<RuleResult<void>(std::string_view, size_t)>& on_value) {
  std::ifstream in(path);
  if (!in) return rule_error("unreadable file", fmt::format("{}: cannot read", path));
  std::string prefix = fmt::format("config {}:", kind);
  size_t line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    auto text = trim(line);
    if (!text.starts_with(prefix)) continue;
    if (auto r = on_value(trim(text.substr(prefix.size())), line_number); !r) {
      auto error = r.error();
      error.file = path;
      error.line = line_number;
      return std::unexpected(error);
    }
  }
  return {};
}

}  // namespace rampart::detect
