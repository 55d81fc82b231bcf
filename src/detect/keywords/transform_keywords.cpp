// Transformations of a sticky buffer before it is inspected (dotprefix, to_lowercase ...).
// They must directly follow the sticky buffer. luaxform is not supported.
#include <fmt/format.h>

#include <array>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<BufferInspection*> transformable_buffer(RuleBuilder& b, std::string_view keyword) {
  if (!b.has_selected_buffer())
    return rule_error("transform without sticky buffer", fmt::format("{} must follow a sticky buffer", keyword));
  auto& inspection = b.current_inspection();
  if (!inspection.matches.empty()) return &b.split_current_inspection();
  return &inspection;
}

RuleResult<void> add_transform(RuleBuilder& b, std::string_view keyword, std::string_view) {
  auto inspection = transformable_buffer(b, keyword);
  if (!inspection) return std::unexpected(inspection.error());
  (*inspection)->transforms.emplace_back(keyword);
  return {};
}

// Transforms with an argument are recorded as "name:argument".
RuleResult<void> add_transform_with_value(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto inspection = transformable_buffer(b, keyword);
  if (!inspection) return std::unexpected(inspection.error());
  if (keyword == "xor") {
    auto key = unquote(value);
    bool hex = !key.empty() && key.size() % 2 == 0 && key.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
    if (!hex) return invalid_value(keyword, fmt::format("'{}' is not a hex key", value));
  }
  if (keyword == "pcrexform") {
    auto pattern = unquote(value);
    if (pattern.empty()) return invalid_value(keyword, "empty expression");
    auto regex = CompiledRegex::compile(pattern, 0);
    if (!regex) return rule_error("invalid pcre", fmt::format("pcrexform does not compile: {}", regex.error()));
  }
  (*inspection)->transforms.push_back(fmt::format("{}:{}", keyword, value));
  return {};
}

}  // namespace

void register_transform_keywords(KeywordRegistry& registry) {
  static constexpr std::array<const char*, 13> kPlain{
      "dotprefix", "strip_whitespace", "compress_whitespace", "to_lowercase", "to_uppercase", "to_md5", "to_sha1",
      "to_sha256", "url_decode", "header_lowercase", "strip_pseudo_headers", "domain", "tld"};
  for (const char* name : kPlain) registry.add({name, ValueUse::None, add_transform});
  registry.add({"xor", ValueUse::Required, add_transform_with_value});
  registry.add({"pcrexform", ValueUse::Required, add_transform_with_value});
  registry.add({"from_base64", ValueUse::Optional, add_transform_with_value});
}

}  // namespace rampart::detect
