#include "center/store/incident_changes.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "center/incidents/classification.hpp"

namespace rampart::center {

namespace {

std::string_view level_text(int level) { return incidents::level_name(static_cast<incidents::IncidentLevel>(level)); }

}  // namespace

std::vector<std::string> correlation_changes(const CorrelatedIncident& incident, const CorrelationOutcome& outcome) {
  std::vector<std::string> changes;
  if (outcome.created)
    changes.push_back(fmt::format("created: {}, category {}, level {}", incident.title, incident.category,
                                  level_text(incident.level)));
  if (outcome.previous_level)
    changes.push_back(fmt::format("escalated: level {} -> {}", level_text(*outcome.previous_level),
                                  level_text(incident.level)));
  if (!incident.alert_ids.empty()) changes.push_back(fmt::format("alerts linked: {}", fmt::join(incident.alert_ids, ", ")));
  return changes;
}

std::string transition_change(incidents::IncidentState from, incidents::IncidentState to) {
  return fmt::format("state: {} -> {}", incidents::state_name(from), incidents::state_name(to));
}

}  // namespace rampart::center
