// requires: the engine features and version a rule needs (Suricata 7.0.3+). A rule
// whose requirement is not met is skipped with the reason, not reported as broken.
// This engine speaks Suricata 8.0.0's rule language and has none of the optional features.
#include <fmt/format.h>

#include <array>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

std::optional<EngineVersion> parse_version(std::string_view text) {
  auto parts = split_trimmed(text, '.');
  if (parts.empty() || parts.size() > 3) return std::nullopt;
  std::array<int, 3> numbers{0, 0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    auto n = parse_unsigned(parts[i], 1000);
    if (!n) return std::nullopt;
    numbers[i] = static_cast<int>(*n);
  }
  return EngineVersion{numbers[0], numbers[1], numbers[2]};
}

// One alternative: comparisons such as ">= 7.0.3 < 8" that must all hold.
RuleResult<bool> version_alternative_holds(std::string_view keyword, std::string_view text, EngineVersion engine) {
  text = trim(text);
  bool holds = true;
  while (!text.empty()) {
    size_t op_length = text.find_first_not_of("<>=!");
    if (op_length == 0 || op_length == std::string_view::npos) return invalid_value(keyword, fmt::format("'{}' is not a version comparison", text));
    auto op = text.substr(0, op_length);
    text = trim(text.substr(op_length));
    auto end = text.find_first_of(" \t<>=!");
    auto version = parse_version(text.substr(0, end));
    if (!version) return invalid_value(keyword, fmt::format("'{}' is not a version", text.substr(0, end)));
    text = end == std::string_view::npos ? std::string_view{} : trim(text.substr(end));
    if (op == ">=") holds = holds && engine >= *version;
    else if (op == ">") holds = holds && engine > *version;
    else if (op == "<=") holds = holds && engine <= *version;
    else if (op == "<") holds = holds && engine < *version;
    else if (op == "=" || op == "==") holds = holds && engine == *version;
    else return invalid_value(keyword, fmt::format("unknown operator '{}'", op));
  }
  return holds;
}

RuleResult<bool> version_holds(std::string_view keyword, std::string_view expression, EngineVersion engine) {
  bool any = false;
  for (auto alternative : split_trimmed(expression, '|')) {
    auto holds = version_alternative_holds(keyword, alternative, engine);
    if (!holds) return holds;
    any = any || *holds;
  }
  return any;
}

// Suricata 8's `requires: keyword NAME`: a rule keyword or a sticky buffer this engine has.
bool is_known_keyword(std::string_view name) {
  return KeywordRegistry::builtin().find(name) != nullptr || BufferRegistry::builtin().find(name) != nullptr;
}

RuleResult<void> check_requires(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  for (auto item : split_trimmed(value, ',')) {
    auto [kind, argument] = split_key_value(item);
    if (kind == "feature") {
      if (argument.empty()) return invalid_value(keyword, "feature needs a name");
      b.set_unmet_requirement(fmt::format("requires feature {}", argument));
    } else if (kind == "version") {
      auto holds = version_holds(keyword, argument, b.context().version);
      if (!holds) return std::unexpected(holds.error());
      if (!*holds) b.set_unmet_requirement(fmt::format("requires version {}", argument));
    } else if (kind == "keyword") {
      if (argument.empty()) return invalid_value(keyword, "keyword needs a name");
      if (!is_known_keyword(argument)) b.set_unmet_requirement(fmt::format("requires keyword {}", argument));
    } else {
      b.set_unmet_requirement(fmt::format("unknown requirement {}", kind));
    }
  }
  return {};
}

}  // namespace

void register_requires_keywords(KeywordRegistry& registry) { registry.add({"requires", ValueUse::Required, check_requires}); }

}  // namespace rampart::detect
