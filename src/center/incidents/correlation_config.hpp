#pragma once
// Declarative correlation: rules that group alerts into incidents, the map from an
// alert's classtype (EVE alert.category) to the incident classification, the
// grading table, the reporting deadline per level and the seed assets. Read from
// YAML text (center.yaml's `correlation:` section or a file of its own, format in
// docs/center.md). Parsing never throws: every error names the source, line and
// column and what is wrong.
#include <array>
#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "center/incidents/asset_inventory.hpp"
#include "center/incidents/classification.hpp"

namespace YAML {
class Node;
}

namespace rampart::center::incidents {

// An alert attribute that groups alerts or is counted distinctly. Addresses are
// as written in the event; organisation and sector come from the asset inventory
// entry of the destination (organisation falls back to the sensor's).
enum class AlertField { src_ip, dest_ip, signature_id, category, sensor, organisation, sector };

std::string_view field_name(AlertField field);
std::optional<AlertField> parse_field(std::string_view name);

// Which alerts a rule (or a step of a sequence) looks at. Empty lists match anything.
struct AlertMatch {
  std::vector<std::string> categories;
  std::vector<int64_t> signature_ids;
  int max_severity = 255;  // Suricata scale: severity <= this
};

struct DistinctCondition {
  AlertField field = AlertField::dest_ip;
  size_t min = 1;
};

// Threshold rule: alerts that match and share the group-by values, within window
// of each other, become an incident once there are `threshold` of them and, if
// given, `distinct.min` distinct values of `distinct.field`.
// Sequence rule (followed_by set): an alert matching `match` against a target
// (dest_ip) followed within window by an alert matching followed_by whose src_ip
// is that target; grouped by the target.
struct CorrelationRule {
  std::string name;
  AlertMatch match;
  int64_t window_us = 0;
  std::vector<AlertField> group_by;
  size_t threshold = 1;
  std::optional<DistinctCondition> distinct;
  std::optional<AlertMatch> followed_by;
};

struct CorrelationConfig {
  std::vector<CorrelationRule> rules;
  std::map<std::string, IncidentCategory> category_map;  // alert.category -> classification
  GradingTable grading;  // empty: every incident is level IV
  std::array<int64_t, 4> deadline_seconds{3600, 7200, 86400, 259200};  // I, II, III, IV
  std::vector<Asset> assets;

  IncidentCategory classify(std::string_view alert_category) const;
  int64_t deadline_us(IncidentLevel level) const;
};

// source names the text in errors (a file name, "center.yaml: correlation").
std::expected<CorrelationConfig, std::string> parse_correlation_config(std::string_view yaml, std::string_view source);

// The same for the `correlation:` node of an already loaded center.yaml, so errors
// name that file's lines.
std::expected<CorrelationConfig, std::string> parse_correlation_node(const YAML::Node& node, std::string_view source);

// The shipped rule set, category map, grading table and deadlines.
const CorrelationConfig& default_correlation_config();
std::string_view default_correlation_yaml();

// "90s", "10m", "2h", "1d" or a plain number of seconds; positive.
std::optional<int64_t> parse_duration_seconds(std::string_view text);

}  // namespace rampart::center::incidents
