#pragma once
// Records of the incident tables exchanged with a Store: what correlation hands
// over for an incident, the stored incident with its linked alerts and timeline,
// and the outcome of a workflow transition.
#include <cstdint>
#include <optional>
#include <string>
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
  std::vector<int64_t> alert_ids;  // ascending
  std::vector<TimelineEntry> timeline;  // oldest first
};

enum class TransitionOutcome { done, not_found, refused };

struct TransitionResult {
  TransitionOutcome outcome = TransitionOutcome::done;
  std::string detail;  // why it was refused
};

}  // namespace rampart::center
