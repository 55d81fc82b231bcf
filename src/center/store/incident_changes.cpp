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

std::string creation_change(const NewIncident& incident) {
  return fmt::format("created: {}, category {}, level {}", incident.title, incident.category, level_text(incident.level));
}

std::expected<std::vector<std::string>, std::string> edit_changes(const IncidentRecord& before, const IncidentEdit& edit) {
  if (!edit.title && !edit.assignee && !edit.category && !edit.level) return std::unexpected("nothing to change");
  std::vector<std::string> changes;
  if (edit.title && edit.title->empty()) return std::unexpected("the title cannot be empty");
  if (edit.category && edit.category->empty()) return std::unexpected("the category cannot be empty");
  if (edit.title && *edit.title != before.title) changes.push_back(fmt::format("title: {} -> {}", before.title, *edit.title));
  if (edit.assignee && *edit.assignee != before.assignee)
    changes.push_back(fmt::format("assignee: {} -> {}", before.assignee.empty() ? "(none)" : before.assignee,
                                  edit.assignee->empty() ? "(none)" : *edit.assignee));
  if (edit.category && *edit.category != before.category)
    changes.push_back(fmt::format("category: {} -> {}", before.category, *edit.category));
  if (edit.level) {
    if (*edit.level < 1 || *edit.level > 4) return std::unexpected("an incident level is 1..4");
    if (edit.level_reason.empty()) return std::unexpected("a level change needs a reason");
    if (*edit.level < before.level)
      changes.push_back(fmt::format("escalated: level {} -> {} ({})", level_text(before.level), level_text(*edit.level),
                                    edit.level_reason));
    else if (*edit.level > before.level)
      changes.push_back(fmt::format("level lowered: {} -> {} ({})", level_text(before.level), level_text(*edit.level),
                                    edit.level_reason));
  }
  return changes;
}

std::string note_change(const NoteAddition& note) { return fmt::format("note added ({} characters)", note.text.size()); }

std::string task_added_change(int64_t task_id, const TaskAddition& task) {
  return fmt::format("task {} added: {}", task_id, task.title);
}

std::string task_updated_change(int64_t task_id, const std::string& title, bool done) {
  return fmt::format("task {} {}: {}", task_id, done ? "done" : "undone", title);
}

std::string alerts_linked_change(const AlertLinks& links) {
  return fmt::format("alerts linked: {}", fmt::join(links.alert_ids, ", "));
}

std::string observable_change(const ObservableAddition& addition) {
  return fmt::format("observable added: {} {}", addition.observable.type, addition.observable.value);
}

std::string_view change_action(const IncidentChange& change) {
  struct Action {
    std::string_view operator()(const IncidentEdit&) const { return "incident.edit"; }
    std::string_view operator()(const NoteAddition&) const { return "incident.note"; }
    std::string_view operator()(const TaskAddition&) const { return "incident.task.add"; }
    std::string_view operator()(const TaskUpdate&) const { return "incident.task.update"; }
    std::string_view operator()(const AlertLinks&) const { return "incident.link.alerts"; }
    std::string_view operator()(const ObservableAddition&) const { return "incident.link.observable"; }
  };
  return std::visit(Action{}, change);
}

std::string transition_change(incidents::IncidentState from, incidents::IncidentState to) {
  return fmt::format("state: {} -> {}", incidents::state_name(from), incidents::state_name(to));
}

}  // namespace rampart::center
