#pragma once
// The timeline texts and audit actions both stores write for incident changes, so
// they read alike whichever database holds them, and the checks of an analyst's
// change that do not need the database.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "center/incidents/workflow.hpp"
#include "center/store/incident_records.hpp"

namespace rampart::center {

std::vector<std::string> correlation_changes(const CorrelatedIncident& incident, const CorrelationOutcome& outcome);
std::string transition_change(incidents::IncidentState from, incidents::IncidentState to);
std::string creation_change(const NewIncident& incident);

// The timeline entries of an edit of `before`, or why the edit is refused (nothing to
// change, a level outside 1..4, a level without a reason).
std::expected<std::vector<std::string>, std::string> edit_changes(const IncidentRecord& before, const IncidentEdit& edit);
std::string note_change(const NoteAddition& note);
std::string task_added_change(int64_t task_id, const TaskAddition& task);
std::string task_updated_change(int64_t task_id, const std::string& title, bool done);
std::string alerts_linked_change(const AlertLinks& links);
std::string observable_change(const ObservableAddition& addition);

// The audit-log action of a change: incident.edit, incident.note, incident.task, ...
std::string_view change_action(const IncidentChange& change);

}  // namespace rampart::center
