#pragma once
// Records of the incident tables exchanged with a Store: what correlation hands
// over for an incident, the stored incident with its linked alerts, notes, tasks,
// observables and timeline, the outcome of a workflow transition, and the case
// management an analyst does by hand (manual incidents, edits, listing).
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "center/incidents/workflow.hpp"

namespace rampart::center {

// An incident as correlation sees it after a batch; correlation_key identifies it.
struct CorrelatedIncident {
  std::string correlation_key;
  std::string title;
  std::string category;  // classification name, e.g. "network-attack"
  int level = 4;  // 1 (I) .. 4 (IV)
  int64_t created_us = 0;  // used when the incident is new
  int64_t deadline_after_us = 0;  // reporting deadline of `level`, from creation; shortened when the level rises
  std::vector<int64_t> alert_ids;  // alerts to link (already linked ones are ignored)
};

struct CorrelationOutcome {
  int64_t incident_id = 0;
  bool created = false;
  std::optional<int> previous_level;  // set when the stored level rose
};

struct TimelineEntry {
  int64_t time_us = 0;
  std::string actor;
  std::string change;
};

struct IncidentNote {
  int64_t time_us = 0;
  std::string author;
  std::string text;
};

struct IncidentTask {
  int64_t id = 0;
  std::string title;
  bool done = false;
};

struct Observable {
  std::string type;  // e.g. "ipv4-addr", "domain-name", "sha256"
  std::string value;
};

struct IncidentRecord {
  int64_t id = 0;
  std::string correlation_key;
  std::string title;
  incidents::IncidentState state = incidents::IncidentState::new_;
  std::string category;
  int level = 4;
  int64_t created_us = 0;
  int64_t deadline_us = 0;
  std::optional<int64_t> acknowledged_us;
  std::string assignee;  // user name; empty when unassigned
  std::vector<int64_t> alert_ids;  // ascending
  std::vector<IncidentNote> notes;  // oldest first
  std::vector<IncidentTask> tasks;  // by id
  std::vector<Observable> observables;  // by type, value
  std::vector<TimelineEntry> timeline;  // oldest first
};

enum class TransitionOutcome { done, not_found, refused };

struct TransitionResult {
  TransitionOutcome outcome = TransitionOutcome::done;
  std::string detail;  // why it was refused
};

// An incident an analyst opens by hand; it has no correlation key.
struct NewIncident {
  std::string title;
  std::string category;
  int level = 4;
  std::string assignee;  // empty: unassigned
  int64_t created_us = 0;
  int64_t deadline_after_us = 0;  // reporting deadline of `level`, from creation
  std::vector<int64_t> alert_ids;
};

// Position after the last incident of a page, in the (created desc, id desc) order.
struct IncidentCursor {
  int64_t created_us = 0;
  int64_t id = 0;
};

struct IncidentQuery {
  std::optional<incidents::IncidentState> state;
  std::optional<int> level;
  std::optional<std::string> category;
  std::optional<std::string> assignee;
  std::optional<int64_t> since_us;  // created at or after
  std::optional<int64_t> until_us;  // created before
  std::optional<IncidentCursor> after;
  size_t limit = 100;
};

// Listed incidents carry their own fields only (no alerts, notes, tasks or timeline).
struct IncidentPage {
  std::vector<IncidentRecord> incidents;
  std::optional<IncidentCursor> next;  // set when more incidents may follow
};

// The changes an analyst makes to an incident; each lands in its timeline and the audit log.
struct IncidentEdit {
  std::optional<std::string> title;
  std::optional<std::string> assignee;  // empty: unassign
  std::optional<std::string> category;
  std::optional<int> level;
  std::string level_reason;  // required with level
  int64_t deadline_after_us = 0;  // of the new level, from creation
};
struct NoteAddition {
  std::string text;
};
struct TaskAddition {
  std::string title;
};
struct TaskUpdate {
  int64_t task_id = 0;
  bool done = false;
};
struct AlertLinks {
  std::vector<int64_t> alert_ids;
};
struct ObservableAddition {
  Observable observable;
};
using IncidentChange = std::variant<IncidentEdit, NoteAddition, TaskAddition, TaskUpdate, AlertLinks, ObservableAddition>;

// not_found: no such incident (or task); invalid: the change names something unknown
// (an alert id) or is empty.
enum class ChangeOutcome { done, not_found, invalid };

struct ChangeResult {
  ChangeOutcome outcome = ChangeOutcome::done;
  std::string detail;
  std::optional<int64_t> created_id;  // of an added task
  std::optional<int> previous_level;  // set when an edit raised the level
};

}  // namespace rampart::center
