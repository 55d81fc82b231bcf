// dataset and iprep: membership of a buffer in a named set, and IP reputation scores.
// Dataset files are not read here (see dataset_store.hpp); only the options are validated.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <span>

#include "detect/dataset_store.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

RuleResult<void> apply_dataset_option(DatasetCondition& dataset, std::string_view keyword, std::string_view item) {
  static constexpr auto kTypes = std::to_array<std::string_view>({"string", "md5", "sha256", "ipv4", "ip", "ipv6"});
  auto [key, arg] = split_key_value(item);
  if (key == "type" && std::find(kTypes.begin(), kTypes.end(), arg) != kTypes.end()) dataset.type = std::string(arg);
  else if (key == "load" && !arg.empty()) dataset.load = std::string(arg);
  else if (key == "save" && !arg.empty()) dataset.save = std::string(arg);
  else if (key == "state" && !arg.empty()) dataset.load = dataset.save = std::string(arg);
  else if (key == "memcap" && parse_dataset_size(arg)) dataset.memcap = *parse_dataset_size(arg);
  else if (key == "hashsize" && parse_unsigned(arg)) return {};  // the sets size their own tables
  else return invalid_value(keyword, fmt::format("unknown or malformed option '{}'", item));
  return {};
}

bool has_parent_component(const std::string& path) {
  const auto& parts = std::filesystem::path(path);
  return std::any_of(parts.begin(), parts.end(), [](const auto& part) { return part == ".."; });
}

// Suricata's checks of a rule's save/state file (datasets.rules in the config).
RuleResult<void> check_written_file(const DatasetRulePolicy& policy, const DatasetCondition& dataset) {
  if (dataset.save.empty()) return {};
  if (!policy.allow_write)
    return rule_error("dataset writes disabled", "rules containing save/state datasets have been disabled (datasets.rules.allow-write)");
  if (policy.allow_absolute_filenames) return {};
  if (std::filesystem::path(dataset.save).is_absolute())
    return rule_error("dataset path not allowed", fmt::format("absolute paths not allowed: {}", dataset.save));
  if (has_parent_component(dataset.save))
    return rule_error("dataset path not allowed", fmt::format("directory traversals not allowed: {}", dataset.save));
  return {};
}

RuleResult<void> add_dataset(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr auto kCommands = std::to_array<std::string_view>({"set", "isset", "isnotset", "unset"});
  auto items = split_trimmed(value, ',');
  if (items.size() < 2 || std::find(kCommands.begin(), kCommands.end(), items[0]) == kCommands.end() || items[1].empty())
    return invalid_value(keyword, fmt::format("'{}' is not COMMAND,NAME[,options]", value));
  if (!b.has_selected_buffer()) return rule_error("dataset without sticky buffer", "dataset needs a sticky buffer before it");
  DatasetCondition dataset;
  dataset.command = std::string(items[0]);
  dataset.name = std::string(items[1]);
  dataset.inspection = b.current_inspection_index();
  for (auto item : std::span(items).subspan(2))
    if (auto r = apply_dataset_option(dataset, keyword, item); !r) return r;
  if (auto r = check_written_file(b.context().dataset_policy, dataset); !r) return r;
  b.signature().datasets.push_back(std::move(dataset));
  return {};
}

RuleResult<void> add_iprep(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static constexpr auto kSides = std::to_array<std::string_view>({"any", "src", "dst", "both"});
  auto items = split_trimmed(value, ',');
  bool valid = items.size() == 4 && std::find(kSides.begin(), kSides.end(), items[0]) != kSides.end() && !items[1].empty() &&
               (items[2] == "<" || items[2] == ">" || items[2] == "=");
  auto condition = valid ? parse_numeric_condition(fmt::format("{}{}", items[2] == "=" ? "" : items[2], items[3]), 127) : std::nullopt;
  if (!condition) return invalid_value(keyword, fmt::format("'{}' is not SIDE,CATEGORY,OPERATOR,VALUE", value));
  b.signature().ip_reputations.push_back({std::string(items[0]), std::string(items[1]), *condition});
  return {};
}

}  // namespace

void register_reputation_keywords(KeywordRegistry& registry) {
  registry.add({"dataset", ValueUse::Required, add_dataset});
  registry.add({"iprep", ValueUse::Required, add_iprep});
}

}  // namespace rampart::detect
