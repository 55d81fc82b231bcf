#include "center/incidents/classification.hpp"

#include <algorithm>

namespace rampart::center::incidents {

namespace {

constexpr std::array<std::pair<IncidentCategory, std::string_view>, 6> kCategoryNames{{
    {IncidentCategory::harmful_program, "harmful-program"},
    {IncidentCategory::network_attack, "network-attack"},
    {IncidentCategory::information_destruction, "information-destruction"},
    {IncidentCategory::equipment_failure, "equipment-failure"},
    {IncidentCategory::disaster, "disaster"},
    {IncidentCategory::other, "other"},
}};

constexpr std::array<std::string_view, 4> kLevelNames{"I", "II", "III", "IV"};

}  // namespace

std::string_view category_name(IncidentCategory category) {
  auto found = std::find_if(kCategoryNames.begin(), kCategoryNames.end(),
                            [&](const auto& entry) { return entry.first == category; });
  return found->second;
}

std::optional<IncidentCategory> parse_category(std::string_view name) {
  auto found = std::find_if(kCategoryNames.begin(), kCategoryNames.end(),
                            [&](const auto& entry) { return entry.second == name; });
  if (found == kCategoryNames.end()) return std::nullopt;
  return found->first;
}

std::string_view level_name(IncidentLevel level) { return kLevelNames[static_cast<size_t>(level) - 1]; }

std::optional<IncidentLevel> parse_level(std::string_view name) {
  auto found = std::find(kLevelNames.begin(), kLevelNames.end(), name);
  if (found == kLevelNames.end()) return std::nullopt;
  return static_cast<IncidentLevel>(found - kLevelNames.begin() + 1);
}

bool is_graver(IncidentLevel candidate, IncidentLevel than) {
  return static_cast<int>(candidate) < static_cast<int>(than);
}

bool criterion_holds(const GradingCriterion& criterion, const GradingInput& input) {
  if (criterion.min_protection_level && input.max_protection_level < *criterion.min_protection_level) return false;
  if (criterion.critical_infrastructure && input.critical_infrastructure != *criterion.critical_infrastructure)
    return false;
  if (criterion.max_severity && input.most_severe > *criterion.max_severity) return false;
  if (criterion.min_assets && input.assets < *criterion.min_assets) return false;
  if (criterion.min_organisations && input.organisations < *criterion.min_organisations) return false;
  if (criterion.min_sectors && input.sectors < *criterion.min_sectors) return false;
  return true;
}

IncidentLevel grade(const GradingTable& table, const GradingInput& input) {
  for (size_t level = 0; level < table.criteria.size(); ++level) {
    const auto& criteria = table.criteria[level];
    if (std::any_of(criteria.begin(), criteria.end(), [&](const auto& c) { return criterion_holds(c, input); }))
      return static_cast<IncidentLevel>(level + 1);
  }
  return IncidentLevel::IV;
}

}  // namespace rampart::center::incidents
