#pragma once
// The national incident classification (category) and grading (level I..IV) of an
// incident. Grading is a table: a level applies when any of its criteria holds, and
// a criterion holds when all of the conditions it names hold; levels are tried from
// I (particularly major) to III (large), and IV (general) is the fallback.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace rampart::center::incidents {

enum class IncidentCategory {
  harmful_program,
  network_attack,
  information_destruction,
  equipment_failure,
  disaster,
  other
};

std::string_view category_name(IncidentCategory category);
std::optional<IncidentCategory> parse_category(std::string_view name);

// Level I is the gravest; "rising" means moving towards I.
enum class IncidentLevel { I = 1, II = 2, III = 3, IV = 4 };

std::string_view level_name(IncidentLevel level);
std::optional<IncidentLevel> parse_level(std::string_view name);
bool is_graver(IncidentLevel candidate, IncidentLevel than);

// What grading looks at, summarised over an incident's alerts and affected assets.
struct GradingInput {
  int max_protection_level = 0;  // 0: no known asset
  bool critical_infrastructure = false;
  int most_severe = 255;  // Suricata scale: 1 is the most severe
  size_t assets = 0;
  size_t organisations = 0;
  size_t sectors = 0;
};

// Every condition that is set must hold.
struct GradingCriterion {
  std::optional<int> min_protection_level = std::nullopt;
  std::optional<bool> critical_infrastructure = std::nullopt;
  std::optional<int> max_severity = std::nullopt;  // alert severity at least this grave (<=)
  std::optional<size_t> min_assets = std::nullopt;
  std::optional<size_t> min_organisations = std::nullopt;
  std::optional<size_t> min_sectors = std::nullopt;
};

struct GradingTable {
  // criteria[0] for level I, [1] for II, [2] for III.
  std::array<std::vector<GradingCriterion>, 3> criteria;
};

bool criterion_holds(const GradingCriterion& criterion, const GradingInput& input);
IncidentLevel grade(const GradingTable& table, const GradingInput& input);

}  // namespace rampart::center::incidents
