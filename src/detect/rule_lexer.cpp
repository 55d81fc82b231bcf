#include "detect/rule_lexer.hpp"

#include <fmt/format.h>

#include <array>

#include "detect/text.hpp"

namespace rampart::detect {

namespace {

// Header fields are separated by blanks, except inside [...] groups.
RuleResult<std::vector<std::string_view>> split_header(std::string_view header) {
  std::vector<std::string_view> fields;
  int depth = 0;
  size_t start = std::string_view::npos;
  for (size_t i = 0; i <= header.size(); ++i) {
    bool blank = i == header.size() || header[i] == ' ' || header[i] == '\t';
    if (i < header.size() && header[i] == '[') ++depth;
    if (i < header.size() && header[i] == ']') --depth;
    if (blank && depth <= 0 && start != std::string_view::npos) {
      fields.push_back(header.substr(start, i - start));
      start = std::string_view::npos;
    } else if (!blank && start == std::string_view::npos) {
      start = i;
    }
  }
  if (depth != 0) return rule_error("invalid header", "unbalanced brackets in the rule header");
  return fields;
}

RuleResult<std::vector<RuleOption>> split_options(std::string_view body) {
  std::vector<RuleOption> options;
  size_t start = 0;
  bool escaped = false;
  for (size_t i = 0; i < body.size(); ++i) {
    if (escaped) {
      escaped = false;
      continue;
    }
    if (body[i] == '\\') {
      escaped = true;
      continue;
    }
    if (body[i] != ';') continue;
    auto option = trim(body.substr(start, i - start));
    start = i + 1;
    if (option.empty()) return rule_error("invalid option", "empty option (';;')");
    auto colon = option.find(':');
    RuleOption parsed{trim(option.substr(0, colon)), {}, colon != std::string_view::npos};
    if (parsed.has_value) parsed.value = trim(option.substr(colon + 1));
    if (parsed.name.empty()) return rule_error("invalid option", fmt::format("option without a name: '{}'", option));
    options.push_back(parsed);
  }
  if (!trim(body.substr(start)).empty())
    return rule_error("invalid option", fmt::format("option not terminated by ';': '{}'", trim(body.substr(start))));
  return options;
}

}  // namespace

RuleResult<RuleTokens> tokenize_rule(std::string_view text) {
  text = trim(text);
  auto open = text.find('(');
  if (open == std::string_view::npos || text.back() != ')')
    return rule_error("invalid rule", "a rule is 'action proto src ports -> dst ports (options)'");
  auto fields = split_header(trim(text.substr(0, open)));
  if (!fields) return std::unexpected(fields.error());
  if (fields->size() != 7)
    return rule_error("invalid header", fmt::format("the header has {} fields, not 7", fields->size()));
  auto options = split_options(text.substr(open + 1, text.size() - open - 2));
  if (!options) return std::unexpected(options.error());
  const auto& f = *fields;
  return RuleTokens{f[0], f[1], f[2], f[3], f[4], f[5], f[6], std::move(*options)};
}

}  // namespace rampart::detect
