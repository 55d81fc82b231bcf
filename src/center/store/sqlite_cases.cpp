#include "center/store/sqlite_cases.hpp"

#include <fmt/format.h>

#include <chrono>
#include <variant>

#include "center/store/incident_changes.hpp"

namespace rampart::center::sqlite {

namespace {

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::unexpected<StoreError> fail(const StoreError& error) { return std::unexpected(error); }

StoreResult<void> add_timeline(Connection& db, int64_t incident_id, int64_t time_us, const std::string& actor,
                               const std::string& change) {
  auto insert = db.prepare("INSERT INTO incident_timeline (incident_id, time_us, actor, change) VALUES (?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  return insert->bind(1, incident_id).bind(2, time_us).bind(3, actor).bind(4, change).run();
}

StoreResult<void> audit(Connection& db, const std::string& actor, std::string_view action, const std::string& subject) {
  auto insert = db.prepare("INSERT INTO audit_log (time_us, actor, action, subject) VALUES (?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  return insert->bind(1, now_us()).bind(2, actor).bind(3, action).bind(4, subject).run();
}

// The first alert id that is not stored, if any.
StoreResult<std::optional<int64_t>> unknown_alert(Connection& db, const std::vector<int64_t>& alert_ids) {
  auto query = db.prepare("SELECT 1 FROM alerts WHERE id = ?");
  if (!query) return fail(query.error());
  for (int64_t id : alert_ids) {
    query->reset();
    query->bind(1, id);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<int64_t>(id);
  }
  return std::optional<int64_t>{};
}

StoreResult<void> link_alerts(Connection& db, int64_t incident_id, const std::vector<int64_t>& alert_ids) {
  auto link = db.prepare("INSERT OR IGNORE INTO incident_alerts (incident_id, alert_id) VALUES (?, ?)");
  if (!link) return fail(link.error());
  for (int64_t alert_id : alert_ids) {
    link->reset();
    if (auto ran = link->bind(1, incident_id).bind(2, alert_id).run(); !ran) return ran;
  }
  return {};
}

// The fields an edit compares against; nullopt when there is no such incident.
StoreResult<std::optional<IncidentRecord>> read_header(Connection& db, int64_t id) {
  auto query = db.prepare("SELECT title, category, level, assignee, created_us FROM incidents WHERE id = ?");
  if (!query) return fail(query.error());
  query->bind(1, id);
  auto row = query->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<IncidentRecord>{};
  IncidentRecord record;
  record.id = id;
  record.title = query->text(0);
  record.category = query->text(1);
  record.level = static_cast<int>(query->integer(2));
  record.assignee = query->text(3);
  record.created_us = query->integer(4);
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
    auto update = db_.prepare(
        "UPDATE incidents SET title = ?, assignee = ?, category = ?, level = ?, deadline_us = "
        "CASE WHEN ? THEN created_us + ? ELSE deadline_us END WHERE id = ?");
    if (!update) return fail(update.error());
    bool level_changes = edit.level && *edit.level != before_.level;
    if (auto ran = update->bind(1, edit.title.value_or(before_.title))
                       .bind(2, edit.assignee.value_or(before_.assignee))
                       .bind(3, edit.category.value_or(before_.category))
                       .bind(4, int64_t{edit.level.value_or(before_.level)})
                       .bind(5, int64_t{level_changes ? 1 : 0})
                       .bind(6, edit.deadline_after_us)
                       .bind(7, before_.id)
                       .run();
        !ran)
      return fail(ran.error());
    changes_ = std::move(*texts);
    ChangeResult result;
    if (edit.level && *edit.level < before_.level) result.previous_level = before_.level;
    return result;
  }

  StoreResult<ChangeResult> operator()(const NoteAddition& note) {
    if (note.text.empty()) return invalid("a note needs text");
    auto insert = db_.prepare("INSERT INTO incident_notes (incident_id, time_us, author, text) VALUES (?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    if (auto ran = insert->bind(1, before_.id).bind(2, now_).bind(3, actor_).bind(4, note.text).run(); !ran)
      return fail(ran.error());
    changes_.push_back(note_change(note));
    return ChangeResult{};
  }

  StoreResult<ChangeResult> operator()(const TaskAddition& task) {
    if (task.title.empty()) return invalid("a task needs a title");
    auto insert = db_.prepare(
        "INSERT INTO incident_tasks (incident_id, title, done, created_us, updated_us) VALUES (?, ?, 0, ?, ?)");
    if (!insert) return fail(insert.error());
    if (auto ran = insert->bind(1, before_.id).bind(2, task.title).bind(3, now_).bind(4, now_).run(); !ran)
      return fail(ran.error());
    int64_t task_id = db_.last_insert_id();
    changes_.push_back(task_added_change(task_id, task));
    ChangeResult result;
    result.created_id = task_id;
    return result;
  }

  StoreResult<ChangeResult> operator()(const TaskUpdate& update) {
    auto query = db_.prepare("SELECT title FROM incident_tasks WHERE id = ? AND incident_id = ?");
    if (!query) return fail(query.error());
    query->bind(1, update.task_id).bind(2, before_.id);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row)
      return ChangeResult{ChangeOutcome::not_found, fmt::format("incident {} has no task {}", before_.id, update.task_id),
                          {}, {}};
    std::string title = query->text(0);
    auto set = db_.prepare("UPDATE incident_tasks SET done = ?, updated_us = ? WHERE id = ?");
    if (!set) return fail(set.error());
    if (auto ran = set->bind(1, int64_t{update.done ? 1 : 0}).bind(2, now_).bind(3, update.task_id).run(); !ran)
      return fail(ran.error());
    changes_.push_back(task_updated_change(update.task_id, title, update.done));
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
    auto insert = db_.prepare(
        "INSERT OR IGNORE INTO incident_observables (incident_id, type, value, added_us) VALUES (?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    if (auto ran = insert->bind(1, before_.id).bind(2, addition.observable.type).bind(3, addition.observable.value)
                       .bind(4, now_).run();
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
  std::vector<std::variant<int64_t, std::string>> params;
  auto add = [&](std::string_view clause, std::variant<int64_t, std::string> value) {
    where += clause;
    params.push_back(std::move(value));
  };
  if (query.state) add(" AND state = ?", std::string(incidents::state_name(*query.state)));
  if (query.level) add(" AND level = ?", int64_t{*query.level});
  if (query.category) add(" AND category = ?", *query.category);
  if (query.assignee) add(" AND assignee = ?", *query.assignee);
  if (query.since_us) add(" AND created_us >= ?", *query.since_us);
  if (query.until_us) add(" AND created_us < ?", *query.until_us);
  if (query.after) {
    add(" AND (created_us < ?", query.after->created_us);
    add(" OR (created_us = ?", query.after->created_us);
    add(" AND id < ?))", query.after->id);
  }
  auto statement = db.prepare(
      "SELECT id, COALESCE(correlation_key, ''), title, state, category, level, created_us, deadline_us, "
      "acknowledged_us, assignee FROM incidents" +
      where + " ORDER BY created_us DESC, id DESC LIMIT ?");
  if (!statement) return fail(statement.error());
  int index = 1;
  for (const auto& param : params) {
    if (const auto* number = std::get_if<int64_t>(&param))
      statement->bind(index++, *number);
    else
      statement->bind(index++, std::get<std::string>(param));
  }
  statement->bind(index, static_cast<int64_t>(query.limit + 1));
  IncidentPage page;
  while (true) {
    auto row = statement->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    if (page.incidents.size() == query.limit) {
      page.next = IncidentCursor{page.incidents.back().created_us, page.incidents.back().id};
      break;
    }
    IncidentRecord record;
    record.id = statement->integer(0);
    record.correlation_key = statement->text(1);
    record.title = statement->text(2);
    auto state = incidents::parse_state(statement->text(3));
    if (!state) return fail(StoreError{fmt::format("incident {} has an unknown state", record.id)});
    record.state = *state;
    record.category = statement->text(4);
    record.level = static_cast<int>(statement->integer(5));
    record.created_us = statement->integer(6);
    record.deadline_us = statement->integer(7);
    if (!statement->is_null(8)) record.acknowledged_us = statement->integer(8);
    record.assignee = statement->text(9);
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
  auto insert = db.prepare(
      "INSERT INTO incidents (title, state, category, level, created_us, updated_us, deadline_us, assignee) "
      "VALUES (?, 'new', ?, ?, ?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  if (auto ran = insert->bind(1, incident.title).bind(2, incident.category).bind(3, int64_t{incident.level})
                     .bind(4, incident.created_us).bind(5, now)
                     .bind(6, incident.created_us + incident.deadline_after_us).bind(7, incident.assignee).run();
      !ran)
    return fail(ran.error());
  int64_t id = db.last_insert_id();
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
  auto before = read_header(db, id);
  if (!before) return fail(before.error());
  if (!*before) return ChangeResult{ChangeOutcome::not_found, fmt::format("no incident {}", id), {}, {}};
  int64_t now = now_us();
  std::vector<std::string> changes;
  ChangeWriter writer(db, **before, actor, now, changes);
  auto result = std::visit(writer, change);
  if (!result || result->outcome != ChangeOutcome::done) return result;
  auto touched = db.prepare("UPDATE incidents SET updated_us = ? WHERE id = ?");
  if (!touched) return fail(touched.error());
  if (auto ran = touched->bind(1, now).bind(2, id).run(); !ran) return fail(ran.error());
  for (const auto& text : changes) {
    if (auto noted = add_timeline(db, id, now, actor, text); !noted) return fail(noted.error());
    if (auto audited = audit(db, actor, change_action(change), fmt::format("{} ({})", id, text)); !audited)
      return fail(audited.error());
  }
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  return result;
}

StoreResult<void> read_case_details(Connection& db, IncidentRecord& record) {
  auto assignee = db.prepare("SELECT assignee FROM incidents WHERE id = ?");
  if (!assignee) return fail(assignee.error());
  assignee->bind(1, record.id);
  if (auto row = assignee->step(); !row) return fail(row.error());
  record.assignee = assignee->text(0);
  auto notes = db.prepare("SELECT time_us, author, text FROM incident_notes WHERE incident_id = ? ORDER BY id");
  if (!notes) return fail(notes.error());
  notes->bind(1, record.id);
  while (true) {
    auto row = notes->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    record.notes.push_back({notes->integer(0), notes->text(1), notes->text(2)});
  }
  auto tasks = db.prepare("SELECT id, title, done FROM incident_tasks WHERE incident_id = ? ORDER BY id");
  if (!tasks) return fail(tasks.error());
  tasks->bind(1, record.id);
  while (true) {
    auto row = tasks->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    record.tasks.push_back({tasks->integer(0), tasks->text(1), tasks->integer(2) != 0});
  }
  auto observables =
      db.prepare("SELECT type, value FROM incident_observables WHERE incident_id = ? ORDER BY type, value");
  if (!observables) return fail(observables.error());
  observables->bind(1, record.id);
  while (true) {
    auto row = observables->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    record.observables.push_back({observables->text(0), observables->text(1)});
  }
  return {};
}

}  // namespace rampart::center::sqlite
