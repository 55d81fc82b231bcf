#pragma once
// Case management in the PostgreSQL store (migration 5): listing incidents, manual
// incidents and an analyst's changes (edits, notes, tasks, linked alerts and
// observables), each in one transaction with its timeline entries and audit-log
// entry; the incident row is locked while it changes. The caller serialises access
// to the connection.
#include <string>

#include "center/store/postgres_connection.hpp"

namespace rampart::center::pg {

StoreResult<IncidentPage> list_incidents(Connection& db, const IncidentQuery& query);
StoreResult<ChangeResult> create_incident(Connection& db, const NewIncident& incident, const std::string& actor);
StoreResult<ChangeResult> change_incident(Connection& db, int64_t id, const IncidentChange& change,
                                          const std::string& actor);
// Fills the assignee, notes, tasks and observables of a record whose id is set.
StoreResult<void> read_case_details(Connection& db, IncidentRecord& record);

}  // namespace rampart::center::pg
