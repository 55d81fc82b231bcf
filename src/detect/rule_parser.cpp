#include "detect/rule_parser.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "detect/keyword_registry.hpp"
#include "detect/protocols.hpp"
#include "detect/rule_builder.hpp"
#include "detect/rule_header.hpp"
#include "detect/rule_lexer.hpp"
#include "detect/signature_checks.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> apply_option(RuleBuilder& builder, const KeywordRegistry& registry, const RuleOption& option) {
  const KeywordSpec* spec = registry.find(option.name);
  if (spec == nullptr) return rule_error(fmt::format("unsupported keyword {}", option.name), fmt::format("unsupported keyword {}", option.name));
  if (spec->value == ValueUse::None && option.has_value && !option.value.empty())
    return invalid_value(option.name, fmt::format("{} takes no value", option.name));
  if (spec->value == ValueUse::Required && option.value.empty())
    return invalid_value(option.name, fmt::format("{} needs a value", option.name));
  return spec->handler(builder, option.name, option.value);
}

// Suricata evaluates `requires` before anything else, so an unmet requirement hides
// keywords this engine does not know.
RuleResult<void> apply_requirements(RuleBuilder& builder, const KeywordRegistry& registry, const RuleTokens& tokens) {
  for (const auto& option : tokens.options)
    if (option.name == "requires")
      if (auto r = apply_option(builder, registry, option); !r) return r;
  return {};
}

uint32_t find_sid(const RuleTokens& tokens) {
  for (const auto& option : tokens.options)
    if (option.name == "sid") return static_cast<uint32_t>(std::strtoul(std::string(option.value).c_str(), nullptr, 10));
  return 0;
}

}  // namespace

RuleResult<ParsedRule> parse_rule(std::string_view text, const RuleContext& context) {
  auto tokens = tokenize_rule(text);
  if (!tokens) return std::unexpected(tokens.error());
  const auto& registry = KeywordRegistry::builtin();
  RuleBuilder builder(context);
  if (auto r = apply_requirements(builder, registry, *tokens); !r) return std::unexpected(r.error());
  if (builder.unmet_requirement()) return SkippedRule{find_sid(*tokens), *builder.unmet_requirement()};
  auto header = parse_rule_header(*tokens, context.variables);
  if (!header) return std::unexpected(header.error());
  Signature& signature = builder.signature();
  signature.header = std::move(*header);
  if (is_app_protocol(signature.header.protocol)) signature.app_protocol = signature.header.protocol;
  for (const auto& option : tokens->options) {
    if (option.name == "requires") continue;
    if (auto r = apply_option(builder, registry, option); !r) return std::unexpected(r.error());
  }
  if (auto r = finish_signature(signature); !r) return std::unexpected(r.error());
  return builder.take_signature();
}

RuleResult<Signature> parse_signature(std::string_view text, const RuleContext& context) {
  auto parsed = parse_rule(text, context);
  if (!parsed) return std::unexpected(parsed.error());
  if (auto* skipped = std::get_if<SkippedRule>(&*parsed)) return rule_error("requirement not met", skipped->reason);
  return std::get<Signature>(std::move(*parsed));
}

}  // namespace rampart::detect
