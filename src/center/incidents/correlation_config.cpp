#include "center/incidents/correlation_config.hpp"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <initializer_list>
#include <set>

namespace rampart::center::incidents {

namespace {

constexpr std::array<std::pair<AlertField, std::string_view>, 7> kFieldNames{{
    {AlertField::src_ip, "src_ip"},
    {AlertField::dest_ip, "dest_ip"},
    {AlertField::signature_id, "signature_id"},
    {AlertField::category, "category"},
    {AlertField::sensor, "sensor"},
    {AlertField::organisation, "organisation"},
    {AlertField::sector, "sector"},
}};

constexpr size_t kMaxRules = 1000;

// Errors carry "SOURCE:LINE:COLUMN: what".
class Parser {
 public:
  explicit Parser(std::string_view source) : source_(source) {}

  std::unexpected<std::string> fail(const YAML::Node& node, std::string_view what) const {
    auto mark = node.Mark();
    if (mark.is_null()) return std::unexpected(fmt::format("{}: {}", source_, what));
    return std::unexpected(fmt::format("{}:{}:{}: {}", source_, mark.line + 1, mark.column + 1, what));
  }

  std::expected<void, std::string> only_keys(const YAML::Node& map, std::string_view where,
                                             std::initializer_list<std::string_view> allowed) const {
    if (!map.IsMap()) return fail(map, fmt::format("{} must be a mapping", where));
    for (const auto& entry : map) {
      if (!entry.first.IsScalar()) return fail(entry.first, fmt::format("{}: keys must be plain names", where));
      const auto& key = entry.first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
        return fail(entry.first, fmt::format("{}: unknown key \"{}\"", where, key));
    }
    return {};
  }

  std::expected<std::string, std::string> text(const YAML::Node& node, std::string_view key) const {
    if (!node.IsScalar() || node.Scalar().empty()) return fail(node, fmt::format("{} must be a non-empty string", key));
    return node.Scalar();
  }

  template <typename Int>
  std::expected<Int, std::string> integer(const YAML::Node& node, std::string_view key, Int min, Int max) const {
    Int value{};
    if (node.IsScalar()) {
      const auto& s = node.Scalar();
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
      if (!s.empty() && ec == std::errc() && end == s.data() + s.size() && value >= min && value <= max) return value;
    }
    return fail(node, fmt::format("{} must be an integer from {} to {}", key, min, max));
  }

  std::expected<bool, std::string> boolean(const YAML::Node& node, std::string_view key) const {
    if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) return node.Scalar() == "true";
    return fail(node, fmt::format("{} must be true or false", key));
  }

  std::expected<int64_t, std::string> duration_seconds(const YAML::Node& node, std::string_view key) const {
    if (node.IsScalar())
      if (auto seconds = parse_duration_seconds(node.Scalar())) return *seconds;
    return fail(node, fmt::format("{} must be a duration such as 90s, 10m, 2h or 1d", key));
  }

  std::expected<AlertField, std::string> field(const YAML::Node& node) const {
    if (node.IsScalar())
      if (auto parsed = parse_field(node.Scalar())) return *parsed;
    return fail(node, "expected one of src_ip, dest_ip, signature_id, category, sensor, organisation, sector");
  }

  std::expected<AlertMatch, std::string> match(const YAML::Node& node, std::string_view where) const {
    AlertMatch out;
    if (!node || node.IsNull()) return out;  // absent or empty: match everything
    if (auto keys = only_keys(node, where, {"categories", "signature-ids", "max-severity"}); !keys)
      return std::unexpected(keys.error());
    if (const auto categories = node["categories"]) {
      if (!categories.IsSequence()) return fail(categories, "categories must be a list");
      for (const auto& item : categories) {
        auto category = text(item, "a category");
        if (!category) return std::unexpected(category.error());
        out.categories.push_back(*category);
      }
    }
    if (const auto ids = node["signature-ids"]) {
      if (!ids.IsSequence()) return fail(ids, "signature-ids must be a list");
      for (const auto& item : ids) {
        auto id = integer<int64_t>(item, "a signature id", 0, INT64_MAX);
        if (!id) return std::unexpected(id.error());
        out.signature_ids.push_back(*id);
      }
    }
    if (const auto severity = node["max-severity"]) {
      auto value = integer<int>(severity, "max-severity", 0, 255);
      if (!value) return std::unexpected(value.error());
      out.max_severity = *value;
    }
    return out;
  }

  std::expected<CorrelationRule, std::string> rule(const YAML::Node& node) const {
    if (auto keys = only_keys(node, "a rule",
                              {"name", "match", "window", "group-by", "threshold", "distinct", "followed-by"});
        !keys)
      return std::unexpected(keys.error());
    CorrelationRule out;
    const auto name = node["name"];
    if (!name) return fail(node, "a rule needs a name");
    auto name_text = text(name, "name");
    if (!name_text) return std::unexpected(name_text.error());
    out.name = *name_text;
    const auto window = node["window"];
    if (!window) return fail(node, fmt::format("rule \"{}\" needs a window", out.name));
    auto seconds = duration_seconds(window, "window");
    if (!seconds) return std::unexpected(seconds.error());
    out.window_us = *seconds * 1'000'000;
    auto matched = match(node["match"], "match");
    if (!matched) return std::unexpected(matched.error());
    out.match = std::move(*matched);
    if (const auto followed = node["followed-by"]) return sequence_rule(node, followed, std::move(out));
    return threshold_rule(node, std::move(out));
  }

  std::expected<CorrelationRule, std::string> sequence_rule(const YAML::Node& node, const YAML::Node& followed,
                                                            CorrelationRule out) const {
    for (const char* key : {"group-by", "threshold", "distinct"})
      if (node[key]) return fail(node[key], fmt::format("a sequence rule groups by its target: {} is not allowed", key));
    auto then = match(followed, "followed-by");
    if (!then) return std::unexpected(then.error());
    out.followed_by = std::move(*then);
    return out;
  }

  std::expected<CorrelationRule, std::string> threshold_rule(const YAML::Node& node, CorrelationRule out) const {
    const auto group_by = node["group-by"];
    if (!group_by || !group_by.IsSequence() || group_by.size() == 0)
      return fail(group_by ? group_by : node, fmt::format("rule \"{}\" needs a non-empty group-by list", out.name));
    for (const auto& item : group_by) {
      auto parsed = field(item);
      if (!parsed) return std::unexpected(parsed.error());
      if (std::find(out.group_by.begin(), out.group_by.end(), *parsed) != out.group_by.end())
        return fail(item, "a field appears twice in group-by");
      out.group_by.push_back(*parsed);
    }
    if (const auto threshold = node["threshold"]) {
      auto value = integer<size_t>(threshold, "threshold", 1, 1'000'000);
      if (!value) return std::unexpected(value.error());
      out.threshold = *value;
    }
    if (const auto distinct = node["distinct"]) {
      if (auto keys = only_keys(distinct, "distinct", {"field", "min"}); !keys) return std::unexpected(keys.error());
      if (!distinct["field"] || !distinct["min"]) return fail(distinct, "distinct needs field and min");
      auto parsed = field(distinct["field"]);
      if (!parsed) return std::unexpected(parsed.error());
      auto min = integer<size_t>(distinct["min"], "distinct.min", 1, 1'000'000);
      if (!min) return std::unexpected(min.error());
      out.distinct = DistinctCondition{*parsed, *min};
    }
    return out;
  }

  std::expected<void, std::string> rules(const YAML::Node& node, CorrelationConfig& config) const {
    if (!node.IsSequence()) return fail(node, "rules must be a list");
    if (node.size() > kMaxRules) return fail(node, fmt::format("at most {} rules", kMaxRules));
    std::vector<CorrelationRule> parsed;
    std::set<std::string> names;
    for (const auto& item : node) {
      auto one = rule(item);
      if (!one) return std::unexpected(one.error());
      if (!names.insert(one->name).second) return fail(item, fmt::format("rule name \"{}\" is used twice", one->name));
      parsed.push_back(std::move(*one));
    }
    config.rules = std::move(parsed);
    return {};
  }

  std::expected<void, std::string> category_map(const YAML::Node& node, CorrelationConfig& config) const {
    if (!node.IsMap()) return fail(node, "category-map must be a mapping of alert category to classification");
    std::map<std::string, IncidentCategory> parsed;
    for (const auto& entry : node) {
      auto key = text(entry.first, "an alert category");
      if (!key) return std::unexpected(key.error());
      auto category = entry.second.IsScalar() ? parse_category(entry.second.Scalar()) : std::nullopt;
      if (!category)
        return fail(entry.second, "expected harmful-program, network-attack, information-destruction, "
                                  "equipment-failure, disaster or other");
      parsed[*key] = *category;
    }
    config.category_map = std::move(parsed);
    return {};
  }

  std::expected<GradingCriterion, std::string> criterion(const YAML::Node& node) const {
    if (auto keys = only_keys(node, "a grading criterion",
                              {"min-protection-level", "critical-infrastructure", "max-severity", "min-assets",
                               "min-organisations", "min-sectors"});
        !keys)
      return std::unexpected(keys.error());
    if (node.size() == 0) return fail(node, "a grading criterion needs at least one condition");
    GradingCriterion out;
    for (auto [key, target] : {std::pair{"min-protection-level", &out.min_protection_level},
                               std::pair{"max-severity", &out.max_severity}}) {
      if (!node[key]) continue;
      auto value = integer<int>(node[key], key, 0, 255);
      if (!value) return std::unexpected(value.error());
      *target = *value;
    }
    for (auto [key, target] : {std::pair{"min-assets", &out.min_assets},
                               std::pair{"min-organisations", &out.min_organisations},
                               std::pair{"min-sectors", &out.min_sectors}}) {
      if (!node[key]) continue;
      auto value = integer<size_t>(node[key], key, 0, 1'000'000);
      if (!value) return std::unexpected(value.error());
      *target = *value;
    }
    if (const auto critical = node["critical-infrastructure"]) {
      auto value = boolean(critical, "critical-infrastructure");
      if (!value) return std::unexpected(value.error());
      out.critical_infrastructure = *value;
    }
    return out;
  }

  std::expected<void, std::string> grading(const YAML::Node& node, CorrelationConfig& config) const {
    if (auto keys = only_keys(node, "grading", {"I", "II", "III"}); !keys) return std::unexpected(keys.error());
    GradingTable table;
    for (const auto& entry : node) {
      auto level = parse_level(entry.first.Scalar());
      if (!entry.second.IsSequence()) return fail(entry.second, "a level's criteria must be a list");
      auto& criteria = table.criteria[static_cast<size_t>(*level) - 1];
      for (const auto& item : entry.second) {
        auto one = criterion(item);
        if (!one) return std::unexpected(one.error());
        criteria.push_back(*one);
      }
    }
    config.grading = std::move(table);
    return {};
  }

  std::expected<void, std::string> deadlines(const YAML::Node& node, CorrelationConfig& config) const {
    if (auto keys = only_keys(node, "deadlines", {"I", "II", "III", "IV"}); !keys) return std::unexpected(keys.error());
    for (const auto& entry : node) {
      auto level = parse_level(entry.first.Scalar());
      auto seconds = duration_seconds(entry.second, "a deadline");
      if (!seconds) return std::unexpected(seconds.error());
      config.deadline_seconds[static_cast<size_t>(*level) - 1] = *seconds;
    }
    return {};
  }

  std::expected<void, std::string> assets(const YAML::Node& node, CorrelationConfig& config) const {
    if (!node.IsSequence()) return fail(node, "assets must be a list");
    std::vector<Asset> parsed;
    for (const auto& item : node) {
      if (auto keys = only_keys(item, "an asset",
                                {"network", "organisation", "sector", "critical-infrastructure", "protection-level"});
          !keys)
        return std::unexpected(keys.error());
      Asset asset;
      if (!item["network"]) return fail(item, "an asset needs a network");
      for (auto [key, target] : {std::pair{"network", &asset.network}, std::pair{"organisation", &asset.organisation},
                                 std::pair{"sector", &asset.sector}}) {
        if (!item[key]) continue;
        auto value = text(item[key], key);
        if (!value) return std::unexpected(value.error());
        *target = *value;
      }
      if (item["critical-infrastructure"]) {
        auto value = boolean(item["critical-infrastructure"], "critical-infrastructure");
        if (!value) return std::unexpected(value.error());
        asset.critical_infrastructure = *value;
      }
      if (item["protection-level"]) {
        auto value = integer<int>(item["protection-level"], "protection-level", 1, 5);
        if (!value) return std::unexpected(value.error());
        asset.protection_level = *value;
      }
      parsed.push_back(std::move(asset));
    }
    if (auto inventory = AssetInventory::build(parsed); !inventory) return fail(node, inventory.error());
    config.assets = std::move(parsed);
    return {};
  }

 private:
  std::string_view source_;
};

std::expected<CorrelationConfig, std::string> apply_sections(const YAML::Node& root, std::string_view source,
                                                             CorrelationConfig config);

std::expected<CorrelationConfig, std::string> parse_over(std::string_view yaml, std::string_view source,
                                                         CorrelationConfig config) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
    return apply_sections(root, source, std::move(config));
  } catch (const YAML::Exception& e) {  // yaml-cpp reports malformed text (and odd node access) by throwing
    return std::unexpected(fmt::format("{}: {}", source, e.what()));
  }
}

std::expected<CorrelationConfig, std::string> apply_sections(const YAML::Node& root, std::string_view source,
                                                             CorrelationConfig config) {
  Parser parser(source);
  if (root.IsNull()) return config;
  if (auto keys = parser.only_keys(root, "the correlation section",
                                   {"rules", "category-map", "grading", "deadlines", "assets"});
      !keys)
    return std::unexpected(keys.error());
  using Section = std::expected<void, std::string> (Parser::*)(const YAML::Node&, CorrelationConfig&) const;
  for (auto [key, section] : {std::pair<const char*, Section>{"rules", &Parser::rules},
                              std::pair<const char*, Section>{"category-map", &Parser::category_map},
                              std::pair<const char*, Section>{"grading", &Parser::grading},
                              std::pair<const char*, Section>{"deadlines", &Parser::deadlines},
                              std::pair<const char*, Section>{"assets", &Parser::assets}}) {
    if (const auto node = root[key])
      if (auto done = (parser.*section)(node, config); !done) return std::unexpected(done.error());
  }
  return config;
}

}  // namespace

std::string_view field_name(AlertField field) {
  return std::find_if(kFieldNames.begin(), kFieldNames.end(), [&](const auto& e) { return e.first == field; })->second;
}

std::optional<AlertField> parse_field(std::string_view name) {
  auto found = std::find_if(kFieldNames.begin(), kFieldNames.end(), [&](const auto& e) { return e.second == name; });
  if (found == kFieldNames.end()) return std::nullopt;
  return found->first;
}

std::optional<int64_t> parse_duration_seconds(std::string_view text) {
  int64_t unit = 1;
  if (!text.empty()) {
    switch (text.back()) {
      case 's': unit = 1; break;
      case 'm': unit = 60; break;
      case 'h': unit = 3600; break;
      case 'd': unit = 86400; break;
      default: unit = 0;
    }
    if (unit != 0) text.remove_suffix(1);
  }
  if (unit == 0) unit = 1;
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  constexpr int64_t kMaxSeconds = int64_t{366} * 86400 * 100;  // a century: windows are far shorter
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value <= 0 ||
      value > kMaxSeconds / unit)
    return std::nullopt;
  return value * unit;
}

IncidentCategory CorrelationConfig::classify(std::string_view alert_category) const {
  auto found = category_map.find(std::string(alert_category));
  return found == category_map.end() ? IncidentCategory::other : found->second;
}

int64_t CorrelationConfig::deadline_us(IncidentLevel level) const {
  return deadline_seconds[static_cast<size_t>(level) - 1] * 1'000'000;
}

std::expected<CorrelationConfig, std::string> parse_correlation_config(std::string_view yaml, std::string_view source) {
  return parse_over(yaml, source, default_correlation_config());
}

std::expected<CorrelationConfig, std::string> parse_correlation_node(const YAML::Node& node, std::string_view source) {
  try {
    return apply_sections(node, source, default_correlation_config());
  } catch (const YAML::Exception& e) {
    return std::unexpected(fmt::format("{}: {}", source, e.what()));
  }
}

const CorrelationConfig& default_correlation_config() {
  static const CorrelationConfig config = [] {
    auto parsed = parse_over(default_correlation_yaml(), "built-in correlation rules", CorrelationConfig{});
    return parsed ? *parsed : CorrelationConfig{};
  }();
  return config;
}

}  // namespace rampart::center::incidents
