#include "center/store/postgres_cases.hpp"

#include <fmt/format.h>

#include <chrono>
#include <variant>

#include "center/store/incident_changes.hpp"

namespace rampart::center::pg {

namespace {

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::unexpected<StoreError> fail(const StoreError& error) { return std::unexpected(error); }

StoreResult<void> run(Connection& db, std::string_view sql, const std::vector<Param>& params) {
  auto rows = db.query(sql, params);
  if (!rows) return fail(rows.error());
  return {};
}

StoreResult<void> add_timeline(Connection& db, int64_t incident_id, int64_t time_us, const std::string& actor,
                               const std::string& change) {
  return run(db, "INSERT INTO incident_timeline (incident_id, time_us, actor, change) VALUES ($1, $2, $3, $4)",
             {param(incident_id), param(time_us), param(actor), param(change)});
}

StoreResult<void> audit(Connection& db, const std::string& actor, std::string_view action, const std::string& subject) {
  return run(db, "INSERT INTO audit_log (time_us, actor, action, subject) VALUES ($1, $2, $3, $4)",
             {param(now_us()), param(actor), param(action), param(subject)});
}

// The first alert id that is not stored, if any.
StoreResult<std::optional<int64_t>> unknown_alert(Connection& db, const std::vector<int64_t>& alert_ids) {
  for (int64_t id : alert_ids) {
    auto rows = db.query("SELECT 1 FROM alerts WHERE id = $1", {param(id)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<int64_t>(id);
  }
  return std::optional<int64_t>{};
}

StoreResult<void> link_alerts(Connection& db, int64_t incident_id, const std::vector<int64_t>& alert_ids) {
  for (int64_t alert_id : alert_ids)
    if (auto linked = run(db, "INSERT INTO incident_alerts (incident_id, alert_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                          {param(incident_id), param(alert_id)});
        !linked)
      return linked;
  return {};
}

// The fields an edit compares against, with the row locked; nullopt when there is no such incident.
StoreResult<std::optional<IncidentRecord>> lock_header(Connection& db, int64_t id) {
  auto rows = db.query("SELECT title, category, level, assignee, created_us FROM incidents WHERE id = $1 FOR UPDATE",
                       {param(id)});
  if (!rows) return fail(rows.error());
  if (rows->size() == 0) return std::optional<IncidentRecord>{};
  IncidentRecord record;
  record.id = id;
  record.title = rows->text(0, 0);
  record.category = rows->text(0, 1);
  record.level = static_cast<int>(rows->integer(0, 2));
  record.assignee = rows->text(0, 3);
  record.created_us = rows->integer(0, 4);
  return std::optional<IncidentRecord>(std::move(record));
}

ChangeResult invalid(std::string detail) { return ChangeResult{ChangeOutcome::invalid, std::move(detail), {}, {}}; }

// Applies one change inside the caller's transaction; fills `changes` with its timeline entries.
class ChangeWriter {
 public:
  ChangeWriter(Connection& db, const IncidentRecord& before, const std::string& actor, int64_t now,
               std::vector<std::string>& changes)
      : db_(db), before_(before), actor_(actor), now_(now), changes_(changes) {}

  StoreResult<ChangeResult> operator()(const IncidentEdit& edit) {
    auto texts = edit_changes(before_, edit);
    if (!texts) return invalid(texts.error());
    bool level_changes = edit.level && *edit.level != before_.level;
    if (auto ran = run(db_,
                       "UPDATE incidents SET title = $1, assignee = $2, category = $3, level = $4, deadline_us = "
                       "CASE WHEN $5 = 1 THEN created_us + $6 ELSE deadline_us END WHERE id = $7",
                       {param(edit.title.value_or(before_.title)), param(edit.assignee.value_or(before_.assignee)),
                        param(edit.category.value_or(before_.category)), param(int64_t{edit.level.value_or(before_.level)}),
                        param(int64_t{level_changes ? 1 : 0}), param(edit.deadline_after_us), param(before_.id)});
        !ran)
      return fail(ran.error());
    changes_ = std::move(*texts);
    ChangeResult result;
    if (edit.level && *edit.level < before_.level) result.previous_level = before_.level;
    return result;
  }

  StoreResult<ChangeResult> operator()(const NoteAddition& note) {
    if (note.text.empty()) return invalid("a note needs text");
    if (auto ran = run(db_, "INSERT INTO incident_notes (incident_id, time_us, author, text) VALUES ($1, $2, $3, $4)",
                       {param(before_.id), param(now_), param(actor_), param(note.text)});
        !ran)
      return fail(ran.error());
    changes_.push_back(note_change(note));
    return ChangeResult{};
  }

  StoreResult<ChangeResult> operator()(const TaskAddition& task) {
    if (task.title.empty()) return invalid("a task needs a title");
    auto rows = db_.query(
        "INSERT INTO incident_tasks (incident_id, title, done, created_us, updated_us) VALUES ($1, $2, 0, $3, $3) "
        "RETURNING id",
        {param(before_.id), param(task.title), param(now_)});
    if (!rows) return fail(rows.error());
    int64_t task_id = rows->integer(0, 0);
    changes_.push_back(task_added_change(task_id, task));
    ChangeResult result;
    result.created_id = task_id;
    return result;
  }

  StoreResult<ChangeResult> operator()(const TaskUpdate& update) {
    auto rows = db_.query("UPDATE incident_tasks SET done = $1, updated_us = $2 WHERE id = $3 AND incident_id = $4 "
                          "RETURNING title",
                          {param(int64_t{update.done ? 1 : 0}), param(now_), param(update.task_id), param(before_.id)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0)
      return ChangeResult{ChangeOutcome::not_found, fmt::format("incident {} has no task {}", before_.id, update.task_id),
                          {}, {}};
    changes_.push_back(task_updated_change(update.task_id, rows->text(0, 0), update.done));
    return ChangeResult{};
  }

  StoreResult<ChangeResult> operator()(const AlertLinks& links) {
    if (links.alert_ids.empty()) return invalid("no alerts to link");
    auto unknown = unknown_alert(db_, links.alert_ids);
    if (!unknown) return fail(unknown.error());
    if (*unknown) return invalid(fmt::format("no alert {}", **unknown));
    if (auto linked = link_alerts(db_, before_.id, links.alert_ids); !linked) return fail(linked.error());
    changes_.push_back(alerts_linked_change(links));
    return ChangeResult{};
  }

  StoreResult<ChangeResult> operator()(const ObservableAddition& addition) {
    if (addition.observable.type.empty() || addition.observable.value.empty())
      return invalid("an observable needs a type and a value");
    if (auto ran = run(db_,
                       "INSERT INTO incident_observables (incident_id, type, value, added_us) VALUES ($1, $2, $3, $4) "
                       "ON CONFLICT DO NOTHING",
                       {param(before_.id), param(addition.observable.type), param(addition.observable.value),
                        param(now_)});
        !ran)
      return fail(ran.error());
    changes_.push_back(observable_change(addition));
    return ChangeResult{};
  }

 private:
  Connection& db_;
  const IncidentRecord& before_;
  const std::string& actor_;
  int64_t now_;
  std::vector<std::string>& changes_;
};

}  // namespace

StoreResult<IncidentPage> list_incidents(Connection& db, const IncidentQuery& query) {
  std::string where = " WHERE 1 = 1";
  std::vector<Param> params;
  auto add = [&](std::string_view clause, Param value) {
    params.push_back(std::move(value));
    where += fmt::format(" AND {} ${}", clause, params.size());
  };
  if (query.state) add("state =", param(incidents::state_name(*query.state)));
  if (query.level) add("level =", param(int64_t{*query.level}));
  if (query.category) add("category =", param(*query.category));
  if (query.assignee) add("assignee =", param(*query.assignee));
  if (query.since_us) add("created_us >=", param(*query.since_us));
  if (query.until_us) add("created_us <", param(*query.until_us));
  if (query.after) {
    params.push_back(param(query.after->created_us));
    params.push_back(param(query.after->id));
    where += fmt::format(" AND (created_us, id) < (${}::BIGINT, ${}::BIGINT)", params.size() - 1, params.size());
  }
  params.push_back(param(static_cast<int64_t>(query.limit + 1)));
  auto rows = db.query(fmt::format("SELECT id, COALESCE(correlation_key, ''), title, state, category, level, created_us, "
                                   "deadline_us, acknowledged_us, assignee FROM incidents{} "
                                   "ORDER BY created_us DESC, id DESC LIMIT ${}",
                                   where, params.size()),
                       params);
  if (!rows) return fail(rows.error());
  IncidentPage page;
  for (int i = 0; i < rows->size(); ++i) {
    if (page.incidents.size() == query.limit) {
      page.next = IncidentCursor{page.incidents.back().created_us, page.incidents.back().id};
      break;
    }
    IncidentRecord record;
    record.id = rows->integer(i, 0);
    record.correlation_key = rows->text(i, 1);
    record.title = rows->text(i, 2);
    auto state = incidents::parse_state(rows->text(i, 3));
    if (!state) return fail(StoreError{fmt::format("incident {} has an unknown state", record.id)});
    record.state = *state;
    record.category = rows->text(i, 4);
    record.level = static_cast<int>(rows->integer(i, 5));
    record.created_us = rows->integer(i, 6);
    record.deadline_us = rows->integer(i, 7);
    if (!rows->is_null(i, 8)) record.acknowledged_us = rows->integer(i, 8);
    record.assignee = rows->text(i, 9);
    page.incidents.push_back(std::move(record));
  }
  return page;
}

StoreResult<ChangeResult> create_incident(Connection& db, const NewIncident& incident, const std::string& actor) {
  if (incident.level < 1 || incident.level > 4) return invalid("an incident level is 1..4");
  if (incident.title.empty() || incident.category.empty()) return invalid("an incident needs a title and a category");
  auto transaction = Transaction::begin(db);
  if (!transaction) return fail(transaction.error());
  auto unknown = unknown_alert(db, incident.alert_ids);
  if (!unknown) return fail(unknown.error());
  if (*unknown) return invalid(fmt::format("no alert {}", **unknown));
  int64_t now = now_us();
  auto inserted = db.query(
      "INSERT INTO incidents (title, state, category, level, created_us, updated_us, deadline_us, assignee) "
      "VALUES ($1, 'new', $2, $3, $4, $5, $6, $7) RETURNING id",
      {param(incident.title), param(incident.category), param(int64_t{incident.level}), param(incident.created_us),
       param(now), param(incident.created_us + incident.deadline_after_us), param(incident.assignee)});
  if (!inserted) return fail(inserted.error());
  int64_t id = inserted->integer(0, 0);
  if (auto linked = link_alerts(db, id, incident.alert_ids); !linked) return fail(linked.error());
  std::vector<std::string> changes{creation_change(incident)};
  if (!incident.alert_ids.empty()) changes.push_back(alerts_linked_change(AlertLinks{incident.alert_ids}));
  for (const auto& change : changes)
    if (auto noted = add_timeline(db, id, now, actor, change); !noted) return fail(noted.error());
  if (auto audited = audit(db, actor, "incident.create", fmt::format("{} (manual)", id)); !audited)
    return fail(audited.error());
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  ChangeResult result;
  result.created_id = id;
  return result;
}

StoreResult<ChangeResult> change_incident(Connection& db, int64_t id, const IncidentChange& change,
                                          const std::string& actor) {
  auto transaction = Transaction::begin(db);
  if (!transaction) return fail(transaction.error());
  auto before = lock_header(db, id);
  if (!before) return fail(before.error());
  if (!*before) return ChangeResult{ChangeOutcome::not_found, fmt::format("no incident {}", id), {}, {}};
  int64_t now = now_us();
  std::vector<std::string> changes;
  ChangeWriter writer(db, **before, actor, now, changes);
  auto result = std::visit(writer, change);
  if (!result || result->outcome != ChangeOutcome::done) return result;
  if (auto touched = run(db, "UPDATE incidents SET updated_us = $1 WHERE id = $2", {param(now), param(id)}); !touched)
    return fail(touched.error());
  for (const auto& text : changes) {
    if (auto noted = add_timeline(db, id, now, actor, text); !noted) return fail(noted.error());
    if (auto audited = audit(db, actor, change_action(change), fmt::format("{} ({})", id, text)); !audited)
      return fail(audited.error());
  }
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  return result;
}

StoreResult<void> read_case_details(Connection& db, IncidentRecord& record) {
  auto assignee = db.query("SELECT assignee FROM incidents WHERE id = $1", {param(record.id)});
  if (!assignee) return fail(assignee.error());
  if (assignee->size() == 1) record.assignee = assignee->text(0, 0);
  auto notes = db.query("SELECT time_us, author, text FROM incident_notes WHERE incident_id = $1 ORDER BY id",
                        {param(record.id)});
  if (!notes) return fail(notes.error());
  for (int i = 0; i < notes->size(); ++i) record.notes.push_back({notes->integer(i, 0), notes->text(i, 1), notes->text(i, 2)});
  auto tasks = db.query("SELECT id, title, done FROM incident_tasks WHERE incident_id = $1 ORDER BY id", {param(record.id)});
  if (!tasks) return fail(tasks.error());
  for (int i = 0; i < tasks->size(); ++i)
    record.tasks.push_back({tasks->integer(i, 0), tasks->text(i, 1), tasks->integer(i, 2) != 0});
  auto observables = db.query(
      "SELECT type, value FROM incident_observables WHERE incident_id = $1 ORDER BY type, value", {param(record.id)});
  if (!observables) return fail(observables.error());
  for (int i = 0; i < observables->size(); ++i)
    record.observables.push_back({observables->text(i, 0), observables->text(i, 1)});
  return {};
}

}  // namespace rampart::center::pg
