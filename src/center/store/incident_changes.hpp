#pragma once
// The timeline texts both stores write for incident changes, so they read alike
// whichever database holds them.
#include <string>
#include <vector>

#include "center/incidents/workflow.hpp"
#include "center/store/incident_records.hpp"

namespace rampart::center {

std::vector<std::string> correlation_changes(const CorrelatedIncident& incident, const CorrelationOutcome& outcome);
std::string transition_change(incidents::IncidentState from, incidents::IncidentState to);

}  // namespace rampart::center
