// msg, sid, rev, gid, classtype, priority, reference, metadata, target: what a rule is
// and how its alerts are labelled.
#include <fmt/format.h>

#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<uint32_t> parse_id(std::string_view keyword, std::string_view value, uint32_t min) {
  auto number = parse_unsigned(unquote(value), UINT32_MAX);
  if (!number || *number < min) return invalid_value(keyword, fmt::format("'{}' is not a number >= {}", value, min));
  return static_cast<uint32_t>(*number);
}

RuleResult<void> parse_msg(RuleBuilder& b, std::string_view, std::string_view value) {
  b.signature().meta.msg = unquote(value);
  return {};
}

RuleResult<void> parse_sid(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto id = parse_id(keyword, value, 1);
  if (!id) return std::unexpected(id.error());
  b.signature().meta.sid = *id;
  return {};
}

RuleResult<void> parse_rev(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto id = parse_id(keyword, value, 0);
  if (!id) return std::unexpected(id.error());
  b.signature().meta.rev = *id;
  return {};
}

RuleResult<void> parse_gid(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto id = parse_id(keyword, value, 0);
  if (!id) return std::unexpected(id.error());
  b.signature().meta.gid = *id;
  return {};
}

RuleResult<void> parse_classtype(RuleBuilder& b, std::string_view, std::string_view value) {
  auto name = trim(value);
  const auto& table = b.context().classifications;
  auto& meta = b.signature().meta;
  meta.classtype = std::string(name);
  auto it = table.find(name);
  if (it == table.end()) {
    // Without a configured table (the standard one applies) a classtype of another
    // table cannot be checked; the rule keeps it with the default priority.
    if (!b.context().classifications_configured) return {};
    return rule_error("unknown classtype", fmt::format("classtype {} is not in classification.config", name));
  }
  meta.class_description = it->second.description;
  if (!meta.priority_explicit) meta.priority = it->second.priority;
  return {};
}

RuleResult<void> parse_priority(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto number = parse_unsigned(value, 255);
  if (!number || *number == 0) return invalid_value(keyword, fmt::format("'{}' is not a priority 1-255", value));
  auto& meta = b.signature().meta;
  meta.priority = static_cast<int>(*number);
  meta.priority_explicit = true;
  return {};
}

RuleResult<void> parse_reference(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  auto comma = value.find(',');
  if (comma == std::string_view::npos) return invalid_value(keyword, fmt::format("'{}' is not system,id", value));
  auto system = trim(value.substr(0, comma));
  auto id = unquote(value.substr(comma + 1));
  if (system.empty() || id.empty()) return invalid_value(keyword, fmt::format("'{}' is not system,id", value));
  // Like Suricata, a system missing from reference.config is kept without a URL rather than failing the rule.
  const auto& table = b.context().references;
  auto it = table.find(system);
  std::string url = it == table.end() ? std::string() : it->second + id;
  b.signature().meta.references.push_back({std::string(system), id, std::move(url)});
  return {};
}

RuleResult<void> parse_metadata(RuleBuilder& b, std::string_view, std::string_view value) {
  for (auto item : split_trimmed(value, ',')) {
    if (item.empty()) continue;
    auto [key, item_value] = split_key_value(item);
    b.signature().meta.metadata.emplace_back(std::string(key), std::string(item_value));
  }
  return {};
}

RuleResult<void> parse_target(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  if (value != "src_ip" && value != "dest_ip") return invalid_value(keyword, fmt::format("'{}' is not src_ip or dest_ip", value));
  b.signature().meta.target = std::string(value);
  return {};
}

}  // namespace

void register_meta_keywords(KeywordRegistry& registry) {
  registry.add({"msg", ValueUse::Required, parse_msg});
  registry.add({"sid", ValueUse::Required, parse_sid});
  registry.add({"rev", ValueUse::Required, parse_rev});
  registry.add({"gid", ValueUse::Required, parse_gid});
  registry.add({"classtype", ValueUse::Required, parse_classtype});
  registry.add({"priority", ValueUse::Required, parse_priority});
  registry.add({"reference", ValueUse::Required, parse_reference});
  registry.add({"metadata", ValueUse::Required, parse_metadata});
  registry.add({"target", ValueUse::Required, parse_target});
}

}  // namespace rampart::detect
