#include "center/store/postgres_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iterator>
#include <mutex>

#include "center/store/incident_changes.hpp"
#include "center/store/postgres_cases.hpp"
#include "center/store/postgres_connection.hpp"
#include "center/store/postgres_migrations.hpp"
#include "center/store/taxii_object_filter.hpp"

namespace rampart::center {

namespace {

using pg::Connection;
using pg::Param;
using pg::param;
using pg::Transaction;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::unexpected<StoreError> fail(const StoreError& error) { return std::unexpected(error); }

std::vector<Param> params_of(const SqlClause& clause) {
  std::vector<Param> out;
  for (const auto& value : clause.params()) {
    if (const auto* number = std::get_if<int64_t>(&value))
      out.push_back(param(*number));
    else
      out.push_back(param(std::get<std::string>(value)));
  }
  return out;
}

// Appends text as one field of COPY's text format: backslash, tab, line feed and
// carriage return are the characters that format escapes. The text between them is
// appended in one piece (an EVE line has hardly any).
void append_copy_text(std::string& row, std::string_view text) {
  while (!text.empty()) {
    size_t plain = text.find_first_of("\\\t\n\r");
    row.append(text.substr(0, plain));
    if (plain == std::string_view::npos) return;
    switch (text[plain]) {
      case '\\': row += "\\\\"; break;
      case '\t': row += "\\t"; break;
      case '\n': row += "\\n"; break;
      default: row += "\\r";
    }
    text.remove_prefix(plain + 1);
  }
}

void append_alert_row(std::string& rows, int64_t id, int64_t sensor_id, const std::string& batch_id,
                      const IngestedAlert& alert) {
  fmt::format_to(std::back_inserter(rows), "{}\t{}\t{}\t", id, alert.time_us, sensor_id);
  append_copy_text(rows, batch_id);
  fmt::format_to(std::back_inserter(rows), "\t{}\t{}\t", alert.signature_id, alert.severity);
  for (const auto* text : {&alert.signature, &alert.src_ip, &alert.dest_ip}) {
    append_copy_text(rows, *text);
    rows += '\t';
  }
  append_copy_text(rows, alert.eve_json);
  rows += '\n';
}

StoredAlert stored_alert(const pg::Rows& rows, int row) {
  return StoredAlert{rows.integer(row, 0), rows.text(row, 2),
                     IngestedAlert{rows.integer(row, 1), rows.integer(row, 3), static_cast<int>(rows.integer(row, 4)),
                                   rows.text(row, 5), rows.text(row, 6), rows.text(row, 7), rows.text(row, 8), ""}};
}

// Rows of (id, time_us, sensor name, signature_id, severity, signature, src_ip, dest_ip, eve).
std::vector<StoredAlert> stored_alerts(const pg::Rows& rows) {
  std::vector<StoredAlert> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int row = 0; row < rows.size(); ++row) out.push_back(stored_alert(rows, row));
  return out;
}

// The WHERE clause ($1.. placeholders) and its parameters for the filters that are set,
// but for any_ip, which alert_page_sql() places itself.
class AlertFilter {
 public:
  explicit AlertFilter(const AlertQuery& query) {
    if (query.since_us) add("a.time_us >= {}", {param(*query.since_us)});
    if (query.until_us) add("a.time_us < {}", {param(*query.until_us)});
    if (query.sensor) add("a.sensor_id = (SELECT id FROM sensors WHERE name = {})", {param(*query.sensor)});
    if (query.signature_id) add("a.signature_id = {}", {param(*query.signature_id)});
    if (query.src_ip) add("a.src_ip = {}", {param(*query.src_ip)});
    if (query.dest_ip) add("a.dest_ip = {}", {param(*query.dest_ip)});
    if (query.min_severity) add("a.severity <= {}", {param(int64_t{*query.min_severity})});
    if (query.after)
      add("(a.time_us, a.id) < ({}, {})", {param(query.after->time_us), param(query.after->id)});
  }

  // " WHERE first AND the filters", first optional.
  std::string where(std::string_view first = {}) const {
    std::string all(first);
    if (!all.empty() && !clauses_.empty()) all += " AND ";
    all += clauses_;
    return all.empty() ? std::string() : " WHERE " + all;
  }
  std::vector<Param>& params() { return params_; }
  // Adds a parameter used outside the filters; returns its placeholder.
  std::string push(Param value) {
    params_.push_back(std::move(value));
    return fmt::format("${}", params_.size());
  }

 private:
  // clause uses {} (or {0} {1} ...) for its parameters in order.
  void add(std::string_view clause, std::vector<Param> values) {
    std::vector<std::string> placeholders;
    for (size_t i = 0; i < values.size(); ++i) placeholders.push_back(fmt::format("${}", params_.size() + i + 1));
    if (!clauses_.empty()) clauses_ += " AND ";
    clauses_ += placeholders.size() == 1 ? fmt::format(fmt::runtime(clause), placeholders[0])
                                         : fmt::format(fmt::runtime(clause), placeholders[0], placeholders[1]);
    for (auto& value : values) params_.push_back(std::move(value));
  }

  std::string clauses_;
  std::vector<Param> params_;
};

constexpr std::string_view kNewestFirst = " ORDER BY a.time_us DESC, a.id DESC LIMIT ";

// Every page is read in (time, id) order from an index that holds it. ip= (either
// address) takes the newest page of each address index and merges the two: an OR of
// the two columns made PostgreSQL gather every alert of the address (a bitmap scan)
// and sort them, so a busy address cost a scan of all its alerts.
std::string alert_page_sql(AlertFilter& filter, const AlertQuery& query) {
  std::string from = "SELECT a.id, a.time_us, s.name, a.signature_id, a.severity, a.signature, a.src_ip, a.dest_ip, a.eve "
                     "FROM alerts a JOIN sensors s ON s.id = a.sensor_id";
  if (!query.any_ip) {
    std::string where = filter.where();
    std::string limit = filter.push(param(static_cast<int64_t>(query.limit + 1)));
    return from + where + std::string(kNewestFirst) + limit;
  }
  std::string address = filter.push(param(*query.any_ip));
  std::string limit = filter.push(param(static_cast<int64_t>(query.limit + 1)));
  auto side = [&](std::string_view column) {
    return fmt::format("(SELECT a.id FROM alerts a{}{}{})", filter.where(fmt::format("a.{} = {}", column, address)),
                       kNewestFirst, limit);
  };
  return fmt::format("{} WHERE a.id IN ({} UNION ALL {}){}{}", from, side("src_ip"), side("dest_ip"), kNewestFirst, limit);
}

class PostgresStore final : public Store {
 public:
  // correlation is a second connection: the correlator's thread records incidents
  // while the request threads store the next batches.
  PostgresStore(Connection connection, Connection correlation)
      : db_(std::move(connection)), correlation_db_(std::move(correlation)) {}

  StoreResult<int> schema_version() override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    if (!rows) return fail(rows.error());
    return static_cast<int>(rows->integer(0, 0));
  }

  StoreResult<int64_t> add_sensor(const std::string& name, const std::string& token_hash,
                                  const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto inserted = db_.query("INSERT INTO sensors (organisation_id, name, created_us) VALUES (1, $1, $2) RETURNING id",
                              {param(name), param(now_us())});
    if (!inserted) return fail(inserted.error());
    int64_t sensor_id = inserted->integer(0, 0);
    if (auto added = insert_token(token_hash, Role::sensor, std::nullopt, sensor_id); !added) return fail(added.error());
    if (auto audited = audit(actor, "sensor.add", name); !audited) return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return sensor_id;
  }

  StoreResult<int64_t> add_user(const std::string& name, Role role, const std::string& password_hash,
                                const std::string& token_hash, const std::string& actor) override {
    if (role == Role::sensor) return fail(StoreError{"a user cannot have the sensor role"});
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto inserted = db_.query(
        "INSERT INTO users (organisation_id, name, role, password_hash, created_us) VALUES (1, $1, $2, $3, $4) RETURNING id",
        {param(name), param(role_name(role)), param(password_hash), param(now_us())});
    if (!inserted) return fail(inserted.error());
    int64_t user_id = inserted->integer(0, 0);
    if (auto added = insert_token(token_hash, role, user_id, std::nullopt); !added) return fail(added.error());
    if (auto audited = audit(actor, "user.add", fmt::format("{} ({})", name, role_name(role))); !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return user_id;
  }

  StoreResult<std::vector<OrganisationInfo>> organisations() override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT id, name, created_us FROM organisations ORDER BY name");
    if (!rows) return fail(rows.error());
    std::vector<OrganisationInfo> out;
    for (int i = 0; i < rows->size(); ++i) out.push_back({rows->integer(i, 0), rows->text(i, 1), rows->integer(i, 2)});
    return out;
  }

  StoreResult<std::vector<UserInfo>> users() override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT u.id, u.name, u.role, o.name, u.created_us FROM users u JOIN organisations o ON o.id = u.organisation_id "
        "ORDER BY u.name");
    if (!rows) return fail(rows.error());
    std::vector<UserInfo> out;
    for (int i = 0; i < rows->size(); ++i) {
      auto role = parse_role(rows->text(i, 2));
      if (!role) return fail(StoreError{fmt::format("user {} has an unknown role", rows->text(i, 1))});
      out.push_back({rows->integer(i, 0), rows->text(i, 1), *role, rows->text(i, 3), rows->integer(i, 4)});
    }
    return out;
  }

  StoreResult<bool> add_user_token(const std::string& user_name, const std::string& token_hash,
                                   const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto rows = db_.query("SELECT id, role FROM users WHERE name = $1", {param(user_name)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return false;
    auto role = parse_role(rows->text(0, 1));
    if (!role) return fail(StoreError{fmt::format("user {} has an unknown role", user_name)});
    if (auto added = insert_token(token_hash, *role, rows->integer(0, 0), std::nullopt); !added) return fail(added.error());
    if (auto audited = audit(actor, "user.token", user_name); !audited) return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return true;
  }

  StoreResult<std::optional<Principal>> find_token(const std::string& token_hash) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT t.id, t.role, t.user_id, t.sensor_id, COALESCE(u.name, s.name) FROM api_tokens t "
        "LEFT JOIN users u ON u.id = t.user_id LEFT JOIN sensors s ON s.id = t.sensor_id WHERE t.token_hash = $1",
        {param(token_hash)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<Principal>{};
    auto role = parse_role(rows->text(0, 1));
    if (!role) return fail(StoreError{fmt::format("token {} has an unknown role", rows->integer(0, 0))});
    Principal principal;
    principal.token_id = rows->integer(0, 0);
    principal.role = *role;
    principal.name = rows->text(0, 4);
    if (!rows->is_null(0, 2)) principal.user_id = rows->integer(0, 2);
    if (!rows->is_null(0, 3)) principal.sensor_id = rows->integer(0, 3);
    return principal;
  }

  StoreResult<std::optional<std::string>> password_hash(const std::string& user_name) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT password_hash FROM users WHERE name = $1", {param(user_name)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<std::string>{};
    return rows->text(0, 0);
  }

  // The batch row is inserted first: a concurrent insert of the same batch (another
  // center node) waits on the primary key and then finds it taken.
  StoreResult<BatchAck> ingest(const Principal& sensor, const std::string& batch_id, const EventBatch& batch) override {
    if (!sensor.sensor_id) return fail(StoreError{"only a sensor can ingest"});
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto claimed = db_.query(
        "INSERT INTO batches (sensor_id, batch_id, received_us, alerts, other_events) VALUES ($1, $2, $3, $4, $5) "
        "ON CONFLICT (sensor_id, batch_id) DO NOTHING RETURNING batch_id",
        {param(*sensor.sensor_id), param(batch_id), param(now_us()), param(static_cast<int64_t>(batch.alerts.size())),
         param(static_cast<int64_t>(batch.other_event_total()))});
    if (!claimed) return fail(claimed.error());
    if (claimed->size() == 0) return earlier_batch(*sensor.sensor_id, batch_id);
    auto alert_ids = copy_alerts(*sensor.sensor_id, batch_id, batch.alerts);
    if (!alert_ids) return fail(alert_ids.error());
    for (const auto& [type, count] : batch.other_events) {
      auto counted = db_.query(
          "INSERT INTO event_counts (sensor_id, event_type, count) VALUES ($1, $2, $3) "
          "ON CONFLICT (sensor_id, event_type) DO UPDATE SET count = event_counts.count + excluded.count",
          {param(*sensor.sensor_id), param(type), param(static_cast<int64_t>(count))});
      if (!counted) return fail(counted.error());
    }
    if (auto audited = audit(fmt::format("sensor:{}", sensor.name), "batch.ingest",
                             fmt::format("{} ({} alerts, {} other events)", batch_id, batch.alerts.size(),
                                         batch.other_event_total()));
        !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return BatchAck{batch_id, batch.alerts.size(), batch.other_event_total(), false, std::move(*alert_ids)};
  }

  StoreResult<AlertPage> alerts(const AlertQuery& query) override {
    AlertFilter filter(query);
    std::string sql = alert_page_sql(filter, query);
    std::lock_guard lock(mutex_);
    auto rows = db_.query(sql, filter.params());
    if (!rows) return fail(rows.error());
    AlertPage page;
    for (int row = 0; row < rows->size(); ++row) {
      if (page.alerts.size() == query.limit) {
        page.next = AlertCursor{page.alerts.back().alert.time_us, page.alerts.back().id};
        break;
      }
      page.alerts.push_back(stored_alert(*rows, row));
    }
    return page;
  }

  StoreResult<std::vector<StoredAlert>> alerts_by_id(const std::vector<int64_t>& ids) override {
    constexpr size_t kIdsPerQuery = 500;
    std::vector<StoredAlert> out;
    std::lock_guard lock(mutex_);
    for (size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
      size_t count = std::min(kIdsPerQuery, ids.size() - first);
      std::string placeholders;
      std::vector<Param> params;
      for (size_t i = 0; i < count; ++i) {
        placeholders += fmt::format("{}${}", i ? ", " : "", i + 1);
        params.push_back(param(ids[first + i]));
      }
      auto rows = db_.query(
          "SELECT a.id, a.time_us, s.name, a.signature_id, a.severity, a.signature, a.src_ip, a.dest_ip, a.eve "
          "FROM alerts a JOIN sensors s ON s.id = a.sensor_id WHERE a.id IN (" + placeholders + ") ORDER BY a.id",
          params);
      if (!rows) return fail(rows.error());
      for (int row = 0; row < rows->size(); ++row) out.push_back(stored_alert(*rows, row));
    }
    std::sort(out.begin(), out.end(), [](const StoredAlert& a, const StoredAlert& b) { return a.id < b.id; });
    return out;
  }

  StoreResult<std::vector<SensorInfo>> sensors() override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT s.id, s.name, o.name, MAX(b.received_us), COUNT(b.batch_id), COALESCE(SUM(b.alerts), 0) "
        "FROM sensors s JOIN organisations o ON o.id = s.organisation_id LEFT JOIN batches b ON b.sensor_id = s.id "
        "GROUP BY s.id, s.name, o.name ORDER BY s.name");
    if (!rows) return fail(rows.error());
    std::vector<SensorInfo> out;
    for (int row = 0; row < rows->size(); ++row) {
      SensorInfo info;
      info.id = rows->integer(row, 0);
      info.name = rows->text(row, 1);
      info.organisation = rows->text(row, 2);
      if (!rows->is_null(row, 3)) info.last_batch_us = rows->integer(row, 3);
      info.batches = static_cast<uint64_t>(rows->integer(row, 4));
      info.alerts = static_cast<uint64_t>(rows->integer(row, 5));
      out.push_back(std::move(info));
    }
    return out;
  }

  StoreResult<StoreStats> stats() override {
    std::lock_guard lock(mutex_);
    auto totals = db_.query(
        "SELECT (SELECT COUNT(*) FROM sensors), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM batches), "
        "(SELECT COALESCE(SUM(alerts), 0) FROM batches)");
    if (!totals) return fail(totals.error());
    StoreStats stats;
    stats.sensors = static_cast<uint64_t>(totals->integer(0, 0));
    stats.users = static_cast<uint64_t>(totals->integer(0, 1));
    stats.batches = static_cast<uint64_t>(totals->integer(0, 2));
    stats.alerts = static_cast<uint64_t>(totals->integer(0, 3));
    auto events = db_.query("SELECT event_type, SUM(count) FROM event_counts GROUP BY event_type");
    if (!events) return fail(events.error());
    for (int row = 0; row < events->size(); ++row)
      stats.other_events[events->text(row, 0)] = static_cast<uint64_t>(events->integer(row, 1));
    return stats;
  }

  StoreResult<std::vector<AuditEntry>> audit_log(size_t limit) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT id, time_us, actor, action, subject FROM audit_log ORDER BY id DESC LIMIT $1",
                          {param(static_cast<int64_t>(limit))});
    if (!rows) return fail(rows.error());
    std::vector<AuditEntry> out;
    for (int row = 0; row < rows->size(); ++row)
      out.push_back({rows->integer(row, 0), rows->integer(row, 1), rows->text(row, 2), rows->text(row, 3),
                     rows->text(row, 4)});
    return out;
  }

  StoreResult<std::vector<CorrelationOutcome>> record_correlations(const std::vector<CorrelatedIncident>& incidents,
                                                                   int64_t correlated_up_to,
                                                                   const std::string& actor) override {
    for (const auto& incident : incidents)
      if (incident.level < 1 || incident.level > 4) return fail(StoreError{"an incident level is 1..4"});
    std::lock_guard lock(correlation_mutex_);
    auto transaction = Transaction::begin(correlation_db_);
    if (!transaction) return fail(transaction.error());
    std::vector<CorrelationOutcome> outcomes;
    for (const auto& incident : incidents) {
      auto outcome = record_correlation(incident, actor);
      if (!outcome) return fail(outcome.error());
      outcomes.push_back(*outcome);
    }
    auto moved = correlation_db_.query("UPDATE correlation_progress SET alert_id = GREATEST(alert_id, $1)",
                                       {param(correlated_up_to)});
    if (!moved) return fail(moved.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return outcomes;
  }

  StoreResult<int64_t> correlated_up_to() override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT alert_id FROM correlation_progress");
    if (!rows) return fail(rows.error());
    if (rows->size() != 1) return fail(StoreError{"postgres: no correlation mark"});
    return rows->integer(0, 0);
  }

  StoreResult<std::vector<StoredAlert>> alerts_after(int64_t id, size_t limit) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT a.id, a.time_us, s.name, a.signature_id, a.severity, a.signature, a.src_ip, a.dest_ip, a.eve "
        "FROM alerts a JOIN sensors s ON s.id = a.sensor_id WHERE a.id > $1 ORDER BY a.id LIMIT $2",
        {param(id), param(static_cast<int64_t>(limit))});
    if (!rows) return fail(rows.error());
    return stored_alerts(*rows);
  }

  StoreResult<std::optional<IncidentRecord>> incident(int64_t id) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT COALESCE(correlation_key, ''), title, state, category, level, created_us, deadline_us, acknowledged_us "
        "FROM incidents WHERE id = $1",
        {param(id)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<IncidentRecord>{};
    IncidentRecord record;
    record.id = id;
    record.correlation_key = rows->text(0, 0);
    record.title = rows->text(0, 1);
    auto state = incidents::parse_state(rows->text(0, 2));
    if (!state) return fail(StoreError{fmt::format("incident {} has an unknown state", id)});
    record.state = *state;
    record.category = rows->text(0, 3);
    record.level = static_cast<int>(rows->integer(0, 4));
    record.created_us = rows->integer(0, 5);
    record.deadline_us = rows->integer(0, 6);
    if (!rows->is_null(0, 7)) record.acknowledged_us = rows->integer(0, 7);
    auto alerts = db_.query("SELECT alert_id FROM incident_alerts WHERE incident_id = $1 ORDER BY alert_id", {param(id)});
    if (!alerts) return fail(alerts.error());
    for (int i = 0; i < alerts->size(); ++i) record.alert_ids.push_back(alerts->integer(i, 0));
    auto timeline = db_.query(
        "SELECT time_us, actor, change FROM incident_timeline WHERE incident_id = $1 ORDER BY id", {param(id)});
    if (!timeline) return fail(timeline.error());
    for (int i = 0; i < timeline->size(); ++i)
      record.timeline.push_back({timeline->integer(i, 0), timeline->text(i, 1), timeline->text(i, 2)});
    if (auto details = pg::read_case_details(db_, record); !details) return fail(details.error());
    return std::optional<IncidentRecord>(std::move(record));
  }

  StoreResult<IncidentPage> incidents(const IncidentQuery& query) override {
    std::lock_guard lock(mutex_);
    return pg::list_incidents(db_, query);
  }

  StoreResult<ChangeResult> create_incident(const NewIncident& incident, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    return pg::create_incident(db_, incident, actor);
  }

  StoreResult<ChangeResult> change_incident(int64_t id, const IncidentChange& change, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    return pg::change_incident(db_, id, change, actor);
  }

  StoreResult<TransitionResult> transition_incident(int64_t id, incidents::IncidentState to,
                                                    const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto rows = db_.query("SELECT state FROM incidents WHERE id = $1 FOR UPDATE", {param(id)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return TransitionResult{TransitionOutcome::not_found, fmt::format("no incident {}", id)};
    auto from = incidents::parse_state(rows->text(0, 0));
    if (!from) return fail(StoreError{fmt::format("incident {} has an unknown state", id)});
    if (auto allowed = incidents::check_transition(*from, to); !allowed)
      return TransitionResult{TransitionOutcome::refused, allowed.error()};
    int64_t now = now_us();
    std::optional<int64_t> acknowledged;
    if (to == incidents::IncidentState::acknowledged) acknowledged = now;
    auto updated = db_.query(
        "UPDATE incidents SET state = $1, updated_us = $2, acknowledged_us = COALESCE(acknowledged_us, $3) "
        "WHERE id = $4",
        {param(incidents::state_name(to)), param(now), param(acknowledged), param(id)});
    if (!updated) return fail(updated.error());
    auto change = transition_change(*from, to);
    if (auto noted = note(db_, id, now, actor, change); !noted) return fail(noted.error());
    if (auto audited = audit(actor, "incident.transition", fmt::format("{} ({})", id, change)); !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return TransitionResult{};
  }

  StoreResult<std::vector<incidents::Asset>> assets() override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT network, organisation, sector, critical_infrastructure, protection_level FROM assets ORDER BY network");
    if (!rows) return fail(rows.error());
    std::vector<incidents::Asset> out;
    for (int i = 0; i < rows->size(); ++i)
      out.push_back({rows->text(i, 0), rows->text(i, 1), rows->text(i, 2), rows->text(i, 3) == "t",
                     static_cast<int>(rows->integer(i, 4))});
    return out;
  }

  StoreResult<void> put_asset(const incidents::Asset& asset, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto upserted = db_.query(
        "INSERT INTO assets (network, organisation, sector, critical_infrastructure, protection_level, updated_us) "
        "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (network) DO UPDATE SET organisation = excluded.organisation, "
        "sector = excluded.sector, critical_infrastructure = excluded.critical_infrastructure, "
        "protection_level = excluded.protection_level, updated_us = excluded.updated_us",
        {param(asset.network), param(asset.organisation), param(asset.sector),
         param(std::string_view(asset.critical_infrastructure ? "true" : "false")),
         param(int64_t{asset.protection_level}), param(now_us())});
    if (!upserted) return fail(upserted.error());
    if (auto audited = audit(actor, "asset.put", asset.network); !audited) return fail(audited.error());
    return transaction->commit();
  }

 private:
  // One incident of record_correlations, inside its transaction.
  StoreResult<CorrelationOutcome> record_correlation(const CorrelatedIncident& incident, const std::string& actor) {
    int64_t now = now_us();
    // Two center nodes correlating the same retry: the unique key makes one insert win.
    auto inserted = correlation_db_.query(
        "INSERT INTO incidents (correlation_key, title, state, category, level, created_us, updated_us, deadline_us) "
        "VALUES ($1, $2, 'new', $3, $4, $5, $6, $7) ON CONFLICT (correlation_key) DO NOTHING RETURNING id",
        {param(incident.correlation_key), param(incident.title), param(incident.category),
         param(int64_t{incident.level}), param(incident.created_us), param(now),
         param(incident.created_us + incident.deadline_after_us)});
    if (!inserted) return fail(inserted.error());
    CorrelationOutcome outcome;
    if (inserted->size() == 1) {
      outcome.incident_id = inserted->integer(0, 0);
      outcome.created = true;
    } else {
      auto existing = correlation_db_.query("SELECT id, level FROM incidents WHERE correlation_key = $1 FOR UPDATE",
                                {param(incident.correlation_key)});
      if (!existing) return fail(existing.error());
      if (existing->size() != 1) return fail(StoreError{"incident vanished during correlation"});
      outcome.incident_id = existing->integer(0, 0);
      int stored_level = static_cast<int>(existing->integer(0, 1));
      if (incident.level < stored_level) {
        auto raised = correlation_db_.query("UPDATE incidents SET level = $1, deadline_us = created_us + $2, updated_us = $3 WHERE id = $4",
                                {param(int64_t{incident.level}), param(incident.deadline_after_us), param(now),
                                 param(outcome.incident_id)});
        if (!raised) return fail(raised.error());
        outcome.previous_level = stored_level;
      }
    }
    if (!incident.alert_ids.empty()) {
      auto linked = correlation_db_.query(
          "INSERT INTO incident_alerts (incident_id, alert_id) SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING",
          {param(outcome.incident_id), param(fmt::format("{{{}}}", fmt::join(incident.alert_ids, ",")))});
      if (!linked) return fail(linked.error());
    }
    for (const auto& change : correlation_changes(incident, outcome))
      if (auto noted = note(correlation_db_, outcome.incident_id, now, actor, change); !noted) return fail(noted.error());
    if (auto audited = audit(correlation_db_, actor, outcome.created ? "incident.create" : "incident.correlate",
                             fmt::format("{} ({})", outcome.incident_id, incident.correlation_key));
        !audited)
      return fail(audited.error());
    return outcome;
  }

  StoreResult<void> note(Connection& connection, int64_t incident_id, int64_t time_us, const std::string& actor,
                         const std::string& change) {
    auto inserted = connection.query(
        "INSERT INTO incident_timeline (incident_id, time_us, actor, change) VALUES ($1, $2, $3, $4)",
        {param(incident_id), param(time_us), param(actor), param(change)});
    if (!inserted) return fail(inserted.error());
    return {};
  }

 public:
  StoreResult<int64_t> add_organisation(const std::string& name, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto inserted = db_.query("INSERT INTO organisations (name, created_us) VALUES ($1, $2) RETURNING id",
                              {param(name), param(now_us())});
    if (!inserted) return fail(inserted.error());
    if (auto audited = audit(actor, "organisation.add", name); !audited) return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return inserted->integer(0, 0);
  }

  StoreResult<int64_t> add_sharing_group(const std::string& name, const std::vector<std::string>& organisations,
                                         const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto inserted = db_.query("INSERT INTO sharing_groups (name, created_us) VALUES ($1, $2) RETURNING id",
                              {param(name), param(now_us())});
    if (!inserted) return fail(inserted.error());
    int64_t group_id = inserted->integer(0, 0);
    for (const auto& organisation : organisations) {
      auto organisation_id = id_of("organisations", organisation, "organisation");
      if (!organisation_id) return fail(organisation_id.error());
      if (auto member = db_.query("INSERT INTO sharing_group_members (group_id, organisation_id) VALUES ($1, $2) "
                                  "ON CONFLICT DO NOTHING",
                                  {param(group_id), param(*organisation_id)});
          !member)
        return fail(member.error());
    }
    if (auto audited = audit(actor, "group.add", name); !audited) return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return group_id;
  }

  StoreResult<void> set_user_organisation(const std::string& user_name, const std::string& organisation,
                                          const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto organisation_id = id_of("organisations", organisation, "organisation");
    if (!organisation_id) return fail(organisation_id.error());
    auto user_id = id_of("users", user_name, "user");
    if (!user_id) return fail(user_id.error());
    if (auto updated = db_.query("UPDATE users SET organisation_id = $1 WHERE id = $2", {param(*organisation_id), param(*user_id)});
        !updated)
      return fail(updated.error());
    if (auto audited = audit(actor, "user.organisation", fmt::format("{} -> {}", user_name, organisation)); !audited)
      return audited;
    return transaction->commit();
  }

  StoreResult<std::optional<SharingUser>> sharing_user(const std::string& user_name) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT u.id, u.name, o.id, o.name, u.password_hash FROM users u JOIN organisations o ON o.id = u.organisation_id "
        "WHERE u.name = $1",
        {param(user_name)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<SharingUser>{};
    return SharingUser{rows->integer(0, 0), rows->text(0, 1), rows->integer(0, 2), rows->text(0, 3), rows->text(0, 4)};
  }

  StoreResult<std::optional<int64_t>> organisation_id(const std::string& name) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT id FROM organisations WHERE name = $1", {param(name)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<int64_t>{};
    return rows->integer(0, 0);
  }

  StoreResult<std::optional<std::string>> feed_position(const std::string& feed) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT added_last FROM feed_positions WHERE feed = $1", {param(feed)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<std::string>{};
    return rows->text(0, 0);
  }

  StoreResult<void> save_feed_position(const std::string& feed, const std::string& added_last) override {
    std::lock_guard lock(mutex_);
    auto saved = db_.query(
        "INSERT INTO feed_positions (feed, added_last, updated_us) VALUES ($1, $2, $3) "
        "ON CONFLICT (feed) DO UPDATE SET added_last = excluded.added_last, updated_us = excluded.updated_us",
        {param(feed), param(added_last), param(now_us())});
    if (!saved) return fail(saved.error());
    return {};
  }

  StoreResult<void> add_collection(const TaxiiCollection& collection, const std::vector<std::string>& read_groups,
                                   const std::vector<std::string>& write_groups, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto inserted = db_.query(
        "INSERT INTO taxii_collections (uuid, title, description, created_us) VALUES ($1, $2, $3, $4) RETURNING id",
        {param(collection.id), param(collection.title), param(collection.description), param(now_us())});
    if (!inserted) return fail(inserted.error());
    int64_t row = inserted->integer(0, 0);
    if (auto granted = grant(row, read_groups, "read"); !granted) return granted;
    if (auto granted = grant(row, write_groups, "write"); !granted) return granted;
    if (auto audited = audit(actor, "collection.add", fmt::format("{} ({})", collection.title, collection.id)); !audited)
      return audited;
    return transaction->commit();
  }

  StoreResult<std::vector<TaxiiCollection>> collections_for(int64_t organisation_id) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query(
        "SELECT c.uuid, c.title, c.description, "
        "EXISTS (SELECT 1 FROM taxii_collection_access a JOIN sharing_group_members m ON m.group_id = a.group_id "
        "WHERE a.collection_id = c.id AND a.access = 'read' AND m.organisation_id = $1)::int, "
        "EXISTS (SELECT 1 FROM taxii_collection_access a JOIN sharing_group_members m ON m.group_id = a.group_id "
        "WHERE a.collection_id = c.id AND a.access = 'write' AND m.organisation_id = $1)::int "
        "FROM taxii_collections c ORDER BY c.id",
        {param(organisation_id)});
    if (!rows) return fail(rows.error());
    std::vector<TaxiiCollection> out;
    for (int i = 0; i < rows->size(); ++i) {
      TaxiiCollection collection{rows->text(i, 0), rows->text(i, 1), rows->text(i, 2), rows->integer(i, 3) != 0,
                                 rows->integer(i, 4) != 0};
      if (collection.can_read || collection.can_write) out.push_back(std::move(collection));
    }
    return out;
  }

  StoreResult<int64_t> add_taxii_objects(const std::string& collection_id, int64_t organisation_id,
                                         const std::vector<NewTaxiiObject>& objects, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto collection = db_.query("SELECT id FROM taxii_collections WHERE uuid = $1", {param(collection_id)});
    if (!collection) return fail(collection.error());
    if (collection->size() == 0) return fail(StoreError{fmt::format("unknown collection {}", collection_id)});
    int64_t collection_row = collection->integer(0, 0);
    int64_t date_added = now_us();
    for (const auto& object : objects) {
      auto inserted = db_.query(
          "INSERT INTO taxii_objects (collection_id, stix_id, type, spec_version, version, version_ns, date_added_us, tlp, "
          "organisation_id, object, privacy_filtered) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
          "ON CONFLICT (collection_id, stix_id, version_ns) DO NOTHING",
          {param(collection_row), param(object.stix_id), param(object.type), param(object.spec_version),
           param(object.version), param(object.version_ns), param(date_added), param(int64_t{static_cast<int>(object.tlp)}),
           param(organisation_id), param(object.json), param(int64_t{object.privacy_filtered})});
      if (!inserted) return fail(inserted.error());
    }
    if (auto audited = audit(actor, "taxii.add", fmt::format("{} objects to {}", objects.size(), collection_id)); !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    if (auto refreshed = refresh_taxii_statistics(objects.size()); !refreshed) return fail(refreshed.error());
    return date_added;
  }

  // The planner's statistics after a bulk load: a batch of at least a tenth of the
  // table (as last counted, or any batch of a never analysed table) is analysed at
  // once rather than when autovacuum next wakes up; until then PostgreSQL plans the
  // listings on the row counts of an empty table.
  StoreResult<void> refresh_taxii_statistics(size_t added) {
    constexpr size_t kSmallestBulkLoad = 1000;
    if (added < kSmallestBulkLoad) return {};
    auto counted = db_.query("SELECT reltuples::BIGINT FROM pg_class WHERE oid = 'taxii_objects'::regclass");
    if (!counted) return std::unexpected(counted.error());
    int64_t rows = counted->size() == 1 ? counted->integer(0, 0) : -1;
    if (rows >= 0 && static_cast<int64_t>(added) * 10 < rows) return {};
    if (auto analysed = db_.query("ANALYZE taxii_objects"); !analysed) return std::unexpected(analysed.error());
    return {};
  }

  StoreResult<TaxiiObjectPage> taxii_objects(const TaxiiObjectQuery& query) override {
    SqlClause clause('$');
    std::string sql = taxii_listing_sql(query, clause);
    std::lock_guard lock(mutex_);
    auto rows = db_.query(sql, params_of(clause));
    if (!rows) return fail(rows.error());
    TaxiiObjectPage page;
    for (int i = 0; i < rows->size(); ++i) {
      if (page.objects.size() == query.limit) {
        page.more = true;
        break;
      }
      page.objects.push_back({rows->integer(i, 0), rows->text(i, 1), rows->text(i, 2), rows->text(i, 3), rows->text(i, 4),
                              rows->integer(i, 5), rows->text(i, 6), rows->integer(i, 7), rows->integer(i, 8) != 0});
    }
    return page;
  }

  StoreResult<int64_t> delete_taxii_object(const std::string& collection_id, const std::string& stix_id,
                                           const TaxiiViewer& viewer, const std::string& actor) override {
    SqlClause clause('$');
    std::string collection = clause.bind(collection_id);
    std::string id = clause.bind(stix_id);
    std::string sql = fmt::format(
        "DELETE FROM taxii_objects AS o WHERE o.collection_id = (SELECT id FROM taxii_collections WHERE uuid = {}) "
        "AND o.stix_id = {} AND {} RETURNING o.id",
        collection, id, taxii_visibility_condition(viewer, "o", clause));
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto rows = db_.query(sql, params_of(clause));
    if (!rows) return fail(rows.error());
    int64_t deleted = rows->size();
    if (auto audited = audit(actor, "taxii.delete", fmt::format("{} from {} ({} versions)", stix_id, collection_id, deleted));
        !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return deleted;
  }

  StoreResult<void> save_taxii_status(const TaxiiStatusRecord& status) override {
    std::lock_guard lock(mutex_);
    auto inserted = db_.query("INSERT INTO taxii_statuses (id, user_id, created_us, status) VALUES ($1, $2, $3, $4)",
                              {param(status.id), param(status.user_id), param(now_us()), param(status.json)});
    if (!inserted) return fail(inserted.error());
    return {};
  }

  StoreResult<std::optional<TaxiiStatusRecord>> taxii_status(const std::string& id) override {
    std::lock_guard lock(mutex_);
    auto rows = db_.query("SELECT id, user_id, status FROM taxii_statuses WHERE id = $1", {param(id)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return std::optional<TaxiiStatusRecord>{};
    return TaxiiStatusRecord{rows->text(0, 0), rows->integer(0, 1), rows->text(0, 2)};
  }

 private:
  StoreResult<int64_t> id_of(std::string_view table, const std::string& name, std::string_view what) {
    auto rows = db_.query(fmt::format("SELECT id FROM {} WHERE name = $1", table), {param(name)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return fail(StoreError{fmt::format("unknown {} \"{}\"", what, name)});
    return rows->integer(0, 0);
  }

  StoreResult<void> grant(int64_t collection_row, const std::vector<std::string>& groups, std::string_view access) {
    for (const auto& group : groups) {
      auto group_id = id_of("sharing_groups", group, "sharing group");
      if (!group_id) return fail(group_id.error());
      if (auto inserted = db_.query("INSERT INTO taxii_collection_access (collection_id, group_id, access) VALUES ($1, $2, $3) "
                                    "ON CONFLICT DO NOTHING",
                                    {param(collection_row), param(*group_id), param(access)});
          !inserted)
        return fail(inserted.error());
    }
    return {};
  }

  StoreResult<void> insert_token(const std::string& token_hash, Role role, std::optional<int64_t> user_id,
                                 std::optional<int64_t> sensor_id) {
    auto inserted = db_.query(
        "INSERT INTO api_tokens (token_hash, role, user_id, sensor_id, created_us) VALUES ($1, $2, $3, $4, $5)",
        {param(token_hash), param(role_name(role)), param(user_id), param(sensor_id), param(now_us())});
    if (!inserted) return fail(inserted.error());
    return {};
  }

  StoreResult<void> audit(const std::string& actor, std::string_view action, const std::string& subject) {
    return audit(db_, actor, action, subject);
  }

  StoreResult<void> audit(Connection& connection, const std::string& actor, std::string_view action,
                          const std::string& subject) {
    auto inserted = connection.query("INSERT INTO audit_log (time_us, actor, action, subject) VALUES ($1, $2, $3, $4)",
                              {param(now_us()), param(actor), param(action), param(subject)});
    if (!inserted) return fail(inserted.error());
    return {};
  }

  StoreResult<BatchAck> earlier_batch(int64_t sensor_id, const std::string& batch_id) {
    auto rows = db_.query("SELECT alerts, other_events FROM batches WHERE sensor_id = $1 AND batch_id = $2",
                          {param(sensor_id), param(batch_id)});
    if (!rows) return fail(rows.error());
    if (rows->size() == 0) return fail(StoreError{fmt::format("batch {} vanished", batch_id)});
    return BatchAck{batch_id, static_cast<uint64_t>(rows->integer(0, 0)), static_cast<uint64_t>(rows->integer(0, 1)), true, {}};
  }

  // Two round trips per batch whatever its size: the alert ids are taken from the
  // identity sequence in batch order, then every row goes in with one COPY.
  StoreResult<std::vector<int64_t>> copy_alerts(int64_t sensor_id, const std::string& batch_id,
                                                const std::vector<IngestedAlert>& alerts) {
    std::vector<int64_t> ids;
    if (alerts.empty()) return ids;
    auto reserved = db_.query(
        "SELECT nextval(pg_get_serial_sequence('alerts', 'id')) FROM generate_series(1, $1) ORDER BY 1",
        {param(static_cast<int64_t>(alerts.size()))});
    if (!reserved) return fail(reserved.error());
    if (reserved->size() != static_cast<int>(alerts.size())) return fail(StoreError{"postgres: alert ids not reserved"});
    std::string rows;
    for (size_t i = 0; i < alerts.size(); ++i) {
      ids.push_back(reserved->integer(static_cast<int>(i), 0));
      append_alert_row(rows, ids.back(), sensor_id, batch_id, alerts[i]);
    }
    auto copied = db_.copy_from(
        "COPY alerts (id, time_us, sensor_id, batch_id, signature_id, severity, signature, src_ip, dest_ip, eve) FROM STDIN",
        rows);
    if (!copied) return fail(copied.error());
    return ids;
  }

  std::mutex mutex_;
  Connection db_;
  std::mutex correlation_mutex_;  // record_correlations, on correlation_db_
  Connection correlation_db_;
};

}  // namespace

StoreResult<int> migrate_postgres(const std::string& conninfo, int target_version) {
  auto connection = Connection::open(conninfo);
  if (!connection) return fail(connection.error());
  return pg::migrate(*connection, target_version);
}

StoreResult<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo) {
  auto connection = Connection::open(conninfo);
  if (!connection) return fail(connection.error());
  // The store runs short queries only. A TAXII listing's plan is costed over the whole
  // collection (its LIMIT is not known to make the scan short), which is above
  // jit_above_cost at a million objects: PostgreSQL then compiled every listing for
  // 100 to 400 ms to run it in 5 ms (EXPLAIN ANALYZE, docs/taxii.md).
  if (auto no_jit = connection->query("SET jit = off"); !no_jit) return fail(no_jit.error());
  if (auto migrated = pg::migrate(*connection, pg::migrations().back().version); !migrated) return fail(migrated.error());
  auto correlation = Connection::open(conninfo);
  if (!correlation) return fail(correlation.error());
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(std::move(*connection), std::move(*correlation)));
}

}  // namespace rampart::center
