#include "center/store/sqlite_store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <mutex>
#include <system_error>
#include <tuple>

#include "center/store/incident_changes.hpp"
#include "center/store/sqlite_alert_keys.hpp"
#include "center/store/sqlite_alert_readers.hpp"
#include "center/store/sqlite_alert_search.hpp"
#include "center/store/sqlite_cases.hpp"
#include "center/store/sqlite_checkpointer.hpp"
#include "center/store/sqlite_connection.hpp"
#include "center/store/sqlite_migrations.hpp"
#include "center/store/taxii_object_filter.hpp"

namespace rampart::center {

namespace {

using sqlite::Connection;
using sqlite::Statement;
using sqlite::stored_alert;
using sqlite::Transaction;

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::unexpected<StoreError> fail(const StoreError& error) { return std::unexpected(error); }

// WAL sizes after which the checkpoint thread copies the WAL into the database, and
// after which the writer does it itself; the hook counts frames of one page each.
constexpr int64_t kCheckpointBytes = 64 << 20;
constexpr int64_t kWriterCheckpointBytes = 256 << 20;

// The database's page size: 8 KB in stores created by this version, 4 KB in older
// ones (the size is fixed once a table exists).
StoreResult<int64_t> page_size(Connection& connection) {
  auto query = connection.prepare("PRAGMA page_size");
  if (!query) return fail(query.error());
  auto row = query->step();
  if (!row) return fail(row.error());
  if (!*row || query->integer(0) < 512) return fail(StoreError{"sqlite: no page size"});
  return query->integer(0);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(Connection connection, sqlite::AlertKeys alert_keys, const std::string& path)
      : db_(std::move(connection)), alert_keys_(std::move(alert_keys)), readers_(path, alert_keys_) {}

  // Checkpoints from here on run on their own thread (sqlite_checkpointer.hpp).
  StoreResult<void> checkpoint_in_background(const std::string& path) {
    auto page_bytes = page_size(db_);
    if (!page_bytes) return fail(page_bytes.error());
    auto started = sqlite::Checkpointer::start(path, db_, static_cast<int>(kCheckpointBytes / *page_bytes),
                                               static_cast<int>(kWriterCheckpointBytes / *page_bytes));
    if (!started) return fail(started.error());
    checkpointer_ = std::move(*started);
    return {};
  }

  StoreResult<int> schema_version() override {
    std::lock_guard lock(mutex_);
    return sqlite::current_schema_version(db_);
  }

  StoreResult<int64_t> add_sensor(const std::string& name, const std::string& token_hash,
                                  const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto insert = db_.prepare("INSERT INTO sensors (organisation_id, name, created_us) VALUES (1, ?, ?)");
    if (!insert) return fail(insert.error());
    if (auto ran = insert->bind(1, name).bind(2, now_us()).run(); !ran) return fail(ran.error());
    int64_t sensor_id = db_.last_insert_id();
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
    auto insert = db_.prepare(
        "INSERT INTO users (organisation_id, name, role, password_hash, created_us) VALUES (1, ?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    if (auto ran = insert->bind(1, name).bind(2, role_name(role)).bind(3, password_hash).bind(4, now_us()).run(); !ran)
      return fail(ran.error());
    int64_t user_id = db_.last_insert_id();
    if (auto added = insert_token(token_hash, role, user_id, std::nullopt); !added) return fail(added.error());
    if (auto audited = audit(actor, "user.add", fmt::format("{} ({})", name, role_name(role))); !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return user_id;
  }

  StoreResult<std::vector<OrganisationInfo>> organisations() override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare("SELECT id, name, created_us FROM organisations ORDER BY name");
    if (!query) return fail(query.error());
    std::vector<OrganisationInfo> out;
    while (true) {
      auto row = query->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.push_back({query->integer(0), query->text(1), query->integer(2)});
    }
    return out;
  }

  StoreResult<std::vector<UserInfo>> users() override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT u.id, u.name, u.role, o.name, u.created_us FROM users u JOIN organisations o ON o.id = u.organisation_id "
        "ORDER BY u.name");
    if (!query) return fail(query.error());
    std::vector<UserInfo> out;
    while (true) {
      auto row = query->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      auto role = parse_role(query->text(2));
      if (!role) return fail(StoreError{fmt::format("user {} has an unknown role", query->text(1))});
      out.push_back({query->integer(0), query->text(1), *role, query->text(3), query->integer(4)});
    }
    return out;
  }

  StoreResult<bool> add_user_token(const std::string& user_name, const std::string& token_hash,
                                   const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto query = db_.prepare("SELECT id, role FROM users WHERE name = ?");
    if (!query) return fail(query.error());
    query->bind(1, user_name);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return false;
    auto role = parse_role(query->text(1));
    if (!role) return fail(StoreError{fmt::format("user {} has an unknown role", user_name)});
    if (auto added = insert_token(token_hash, *role, query->integer(0), std::nullopt); !added) return fail(added.error());
    if (auto audited = audit(actor, "user.token", user_name); !audited) return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return true;
  }

  StoreResult<std::optional<Principal>> find_token(const std::string& token_hash) override {
    return readers_.find_token(token_hash);
  }

  StoreResult<std::optional<std::string>> password_hash(const std::string& user_name) override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare("SELECT password_hash FROM users WHERE name = ?");
    if (!query) return fail(query.error());
    query->bind(1, user_name);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<std::string>{};
    return query->text(0);
  }

  StoreResult<BatchAck> ingest(const Principal& sensor, const std::string& batch_id, const EventBatch& batch) override {
    if (!sensor.sensor_id) return fail(StoreError{"only a sensor can ingest"});
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto earlier = find_batch(*sensor.sensor_id, batch_id);
    if (!earlier) return fail(earlier.error());
    if (*earlier) return **earlier;
    std::vector<int64_t> alert_ids;
    if (auto stored = store_batch(*sensor.sensor_id, batch_id, batch, alert_ids); !stored) return fail(stored.error());
    if (auto audited = audit(fmt::format("sensor:{}", sensor.name), "batch.ingest",
                             fmt::format("{} ({} alerts, {} other events)", batch_id, batch.alerts.size(),
                                         batch.other_event_total()));
        !audited)
      return fail(audited.error());
    // Searches see the keys only once their snapshot holds the batch (sqlite_alert_keys.hpp).
    alert_keys_.staged(*sensor.sensor_id, batch.alerts, alert_ids);
    if (auto committed = transaction->commit(); !committed) {
      alert_keys_.unstaged(alert_ids.size());
      return fail(committed.error());
    }
    // The batch is stored whatever the merge does: should it fail, the sensor's retry
    // is acknowledged as a duplicate and the next batch tries the merge again.
    if (!alert_ids.empty())
      if (auto merged = alert_keys_.merge_if_due(db_, alert_ids.back()); !merged) return fail(merged.error());
    return BatchAck{batch_id, batch.alerts.size(), batch.other_event_total(), false, std::move(alert_ids)};
  }

  StoreResult<AlertPage> alerts(const AlertQuery& query) override { return readers_.search(query); }
  StoreResult<std::vector<StoredAlert>> alerts_by_id(const std::vector<int64_t>& ids) override;

  StoreResult<int64_t> add_organisation(const std::string& name, const std::string& actor) override;
  StoreResult<int64_t> add_sharing_group(const std::string& name, const std::vector<std::string>& organisations,
                                         const std::string& actor) override;
  StoreResult<void> set_user_organisation(const std::string& user_name, const std::string& organisation,
                                          const std::string& actor) override;
  StoreResult<std::optional<SharingUser>> sharing_user(const std::string& user_name) override;
  StoreResult<std::optional<int64_t>> organisation_id(const std::string& name) override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare("SELECT id FROM organisations WHERE name = ?");
    if (!query) return fail(query.error());
    query->bind(1, name);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<int64_t>{};
    return query->integer(0);
  }
  StoreResult<std::optional<std::string>> feed_position(const std::string& feed) override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare("SELECT added_last FROM feed_positions WHERE feed = ?");
    if (!query) return fail(query.error());
    query->bind(1, feed);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<std::string>{};
    return query->text(0);
  }
  StoreResult<void> save_feed_position(const std::string& feed, const std::string& added_last) override {
    std::lock_guard lock(mutex_);
    auto upsert = db_.prepare(
        "INSERT INTO feed_positions (feed, added_last, updated_us) VALUES (?, ?, ?) "
        "ON CONFLICT (feed) DO UPDATE SET added_last = excluded.added_last, updated_us = excluded.updated_us");
    if (!upsert) return fail(upsert.error());
    if (auto ran = upsert->bind(1, feed).bind(2, added_last).bind(3, now_us()).run(); !ran) return fail(ran.error());
    return {};
  }
  StoreResult<void> add_collection(const TaxiiCollection& collection, const std::vector<std::string>& read_groups,
                                   const std::vector<std::string>& write_groups, const std::string& actor) override;
  StoreResult<std::vector<TaxiiCollection>> collections_for(int64_t organisation_id) override;
  StoreResult<int64_t> add_taxii_objects(const std::string& collection_id, int64_t organisation_id,
                                         const std::vector<NewTaxiiObject>& objects, const std::string& actor) override;
  StoreResult<TaxiiObjectPage> taxii_objects(const TaxiiObjectQuery& query) override;
  StoreResult<int64_t> delete_taxii_object(const std::string& collection_id, const std::string& stix_id,
                                           const TaxiiViewer& viewer, const std::string& actor) override;
  StoreResult<void> save_taxii_status(const TaxiiStatusRecord& status) override;
  StoreResult<std::optional<TaxiiStatusRecord>> taxii_status(const std::string& id) override;

  StoreResult<std::vector<SensorInfo>> sensors() override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT s.id, s.name, o.name, (SELECT MAX(received_us) FROM batches b WHERE b.sensor_id = s.id), "
        "(SELECT COUNT(*) FROM batches b WHERE b.sensor_id = s.id), "
        "(SELECT COALESCE(SUM(alerts), 0) FROM batches b WHERE b.sensor_id = s.id) "
        "FROM sensors s JOIN organisations o ON o.id = s.organisation_id ORDER BY s.name");
    if (!query) return fail(query.error());
    std::vector<SensorInfo> out;
    while (true) {
      auto row = query->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      SensorInfo info;
      info.id = query->integer(0);
      info.name = query->text(1);
      info.organisation = query->text(2);
      if (!query->is_null(3)) info.last_batch_us = query->integer(3);
      info.batches = static_cast<uint64_t>(query->integer(4));
      info.alerts = static_cast<uint64_t>(query->integer(5));
      out.push_back(std::move(info));
    }
    return out;
  }

  StoreResult<StoreStats> stats() override {
    std::lock_guard lock(mutex_);
    StoreStats stats;
    auto totals = db_.prepare(
        "SELECT (SELECT COUNT(*) FROM sensors), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM batches), "
        "(SELECT COALESCE(SUM(alerts), 0) FROM batches)");
    if (!totals) return fail(totals.error());
    if (auto row = totals->step(); !row) return fail(row.error());
    stats.sensors = static_cast<uint64_t>(totals->integer(0));
    stats.users = static_cast<uint64_t>(totals->integer(1));
    stats.batches = static_cast<uint64_t>(totals->integer(2));
    stats.alerts = static_cast<uint64_t>(totals->integer(3));
    auto events = db_.prepare("SELECT event_type, SUM(count) FROM event_counts GROUP BY event_type");
    if (!events) return fail(events.error());
    while (true) {
      auto row = events->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      stats.other_events[events->text(0)] = static_cast<uint64_t>(events->integer(1));
    }
    return stats;
  }

  StoreResult<std::vector<AuditEntry>> audit_log(size_t limit) override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare("SELECT id, time_us, actor, action, subject FROM audit_log ORDER BY id DESC LIMIT ?");
    if (!query) return fail(query.error());
    query->bind(1, static_cast<int64_t>(limit));
    std::vector<AuditEntry> out;
    while (true) {
      auto row = query->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.push_back({query->integer(0), query->integer(1), query->text(2), query->text(3), query->text(4)});
    }
    return out;
  }

  StoreResult<std::vector<CorrelationOutcome>> record_correlations(const std::vector<CorrelatedIncident>& incidents,
                                                                   int64_t correlated_up_to,
                                                                   const std::string& actor) override {
    for (const auto& incident : incidents)
      if (incident.level < 1 || incident.level > 4) return fail(StoreError{"an incident level is 1..4"});
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    std::vector<CorrelationOutcome> outcomes;
    for (const auto& incident : incidents) {
      auto outcome = record_correlation(incident, actor);
      if (!outcome) return fail(outcome.error());
      outcomes.push_back(*outcome);
    }
    auto mark = reused(move_mark_, "UPDATE correlation_progress SET alert_id = MAX(alert_id, ?)");
    if (!mark) return fail(mark.error());
    if (auto ran = (*mark)->bind(1, correlated_up_to).run(); !ran) return fail(ran.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return outcomes;
  }

  StoreResult<int64_t> correlated_up_to() override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare("SELECT alert_id FROM correlation_progress");
    if (!query) return fail(query.error());
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(StoreError{"sqlite: no correlation mark"});
    return query->integer(0);
  }

  StoreResult<std::vector<StoredAlert>> alerts_after(int64_t id, size_t limit) override;

  StoreResult<std::optional<IncidentRecord>> incident(int64_t id) override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT COALESCE(correlation_key, ''), title, state, category, level, created_us, deadline_us, acknowledged_us "
        "FROM incidents WHERE id = ?");
    if (!query) return fail(query.error());
    query->bind(1, id);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<IncidentRecord>{};
    IncidentRecord record;
    record.id = id;
    record.correlation_key = query->text(0);
    record.title = query->text(1);
    auto state = incidents::parse_state(query->text(2));
    if (!state) return fail(StoreError{fmt::format("incident {} has an unknown state", id)});
    record.state = *state;
    record.category = query->text(3);
    record.level = static_cast<int>(query->integer(4));
    record.created_us = query->integer(5);
    record.deadline_us = query->integer(6);
    if (!query->is_null(7)) record.acknowledged_us = query->integer(7);
    auto alerts = db_.prepare("SELECT alert_id FROM incident_alerts WHERE incident_id = ? ORDER BY alert_id");
    if (!alerts) return fail(alerts.error());
    alerts->bind(1, id);
    while (true) {
      auto next = alerts->step();
      if (!next) return fail(next.error());
      if (!*next) break;
      record.alert_ids.push_back(alerts->integer(0));
    }
    auto timeline =
        db_.prepare("SELECT time_us, actor, change FROM incident_timeline WHERE incident_id = ? ORDER BY id");
    if (!timeline) return fail(timeline.error());
    timeline->bind(1, id);
    while (true) {
      auto next = timeline->step();
      if (!next) return fail(next.error());
      if (!*next) break;
      record.timeline.push_back({timeline->integer(0), timeline->text(1), timeline->text(2)});
    }
    if (auto details = sqlite::read_case_details(db_, record); !details) return fail(details.error());
    return std::optional<IncidentRecord>(std::move(record));
  }

  StoreResult<IncidentPage> incidents(const IncidentQuery& query) override {
    std::lock_guard lock(mutex_);
    return sqlite::list_incidents(db_, query);
  }

  StoreResult<ChangeResult> create_incident(const NewIncident& incident, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    return sqlite::create_incident(db_, incident, actor);
  }

  StoreResult<ChangeResult> change_incident(int64_t id, const IncidentChange& change, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    return sqlite::change_incident(db_, id, change, actor);
  }

  StoreResult<TransitionResult> transition_incident(int64_t id, incidents::IncidentState to,
                                                    const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto query = db_.prepare("SELECT state FROM incidents WHERE id = ?");
    if (!query) return fail(query.error());
    query->bind(1, id);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return TransitionResult{TransitionOutcome::not_found, fmt::format("no incident {}", id)};
    auto from = incidents::parse_state(query->text(0));
    if (!from) return fail(StoreError{fmt::format("incident {} has an unknown state", id)});
    if (auto allowed = incidents::check_transition(*from, to); !allowed)
      return TransitionResult{TransitionOutcome::refused, allowed.error()};
    int64_t now = now_us();
    auto update = db_.prepare(
        "UPDATE incidents SET state = ?, updated_us = ?, acknowledged_us = COALESCE(acknowledged_us, ?) WHERE id = ?");
    if (!update) return fail(update.error());
    std::optional<int64_t> acknowledged;
    if (to == incidents::IncidentState::acknowledged) acknowledged = now;
    if (auto ran = update->bind(1, incidents::state_name(to)).bind(2, now).bind(3, acknowledged).bind(4, id).run(); !ran)
      return fail(ran.error());
    auto change = transition_change(*from, to);
    if (auto noted = note(id, now, actor, change); !noted) return fail(noted.error());
    if (auto audited = audit(actor, "incident.transition", fmt::format("{} ({})", id, change)); !audited)
      return fail(audited.error());
    if (auto committed = transaction->commit(); !committed) return fail(committed.error());
    return TransitionResult{};
  }

  StoreResult<std::vector<incidents::Asset>> assets() override {
    std::lock_guard lock(mutex_);
    auto query = db_.prepare(
        "SELECT network, organisation, sector, critical_infrastructure, protection_level FROM assets ORDER BY network");
    if (!query) return fail(query.error());
    std::vector<incidents::Asset> out;
    while (true) {
      auto row = query->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.push_back({query->text(0), query->text(1), query->text(2), query->integer(3) != 0,
                     static_cast<int>(query->integer(4))});
    }
    return out;
  }

  StoreResult<void> put_asset(const incidents::Asset& asset, const std::string& actor) override {
    std::lock_guard lock(mutex_);
    auto transaction = Transaction::begin(db_);
    if (!transaction) return fail(transaction.error());
    auto upsert = db_.prepare(
        "INSERT INTO assets (network, organisation, sector, critical_infrastructure, protection_level, updated_us) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (network) DO UPDATE SET organisation = excluded.organisation, "
        "sector = excluded.sector, critical_infrastructure = excluded.critical_infrastructure, "
        "protection_level = excluded.protection_level, updated_us = excluded.updated_us");
    if (!upsert) return fail(upsert.error());
    if (auto ran = upsert->bind(1, asset.network).bind(2, asset.organisation).bind(3, asset.sector)
                       .bind(4, int64_t{asset.critical_infrastructure ? 1 : 0})
                       .bind(5, int64_t{asset.protection_level}).bind(6, now_us()).run();
        !ran)
      return fail(ran.error());
    if (auto audited = audit(actor, "asset.put", asset.network); !audited) return fail(audited.error());
    return transaction->commit();
  }

 private:
  // One incident of record_correlations, inside its transaction.
  StoreResult<CorrelationOutcome> record_correlation(const CorrelatedIncident& incident, const std::string& actor) {
    auto existing = reused(find_incident_, "SELECT id, level FROM incidents WHERE correlation_key = ?");
    if (!existing) return fail(existing.error());
    (*existing)->bind(1, incident.correlation_key);
    auto row = (*existing)->step();
    if (!row) return fail(row.error());
    CorrelationOutcome outcome;
    int64_t now = now_us();
    if (*row) {
      outcome.incident_id = (*existing)->integer(0);
      int stored_level = static_cast<int>((*existing)->integer(1));
      (*existing)->reset();
      if (incident.level < stored_level) {
        auto raise = reused(raise_level_,
                            "UPDATE incidents SET level = ?, deadline_us = created_us + ?, updated_us = ? WHERE id = ?");
        if (!raise) return fail(raise.error());
        if (auto ran = (*raise)->bind(1, int64_t{incident.level}).bind(2, incident.deadline_after_us).bind(3, now)
                           .bind(4, outcome.incident_id).run();
            !ran)
          return fail(ran.error());
        outcome.previous_level = stored_level;
      }
    } else {
      auto insert = reused(
          insert_incident_,
          "INSERT INTO incidents (correlation_key, title, state, category, level, created_us, updated_us, deadline_us) "
          "VALUES (?, ?, 'new', ?, ?, ?, ?, ?)");
      if (!insert) return fail(insert.error());
      if (auto ran = (*insert)->bind(1, incident.correlation_key).bind(2, incident.title).bind(3, incident.category)
                         .bind(4, int64_t{incident.level}).bind(5, incident.created_us).bind(6, now)
                         .bind(7, incident.created_us + incident.deadline_after_us).run();
          !ran)
        return fail(ran.error());
      outcome.incident_id = db_.last_insert_id();
      outcome.created = true;
    }
    auto link = reused(link_alert_, "INSERT OR IGNORE INTO incident_alerts (incident_id, alert_id) VALUES (?, ?)");
    if (!link) return fail(link.error());
    for (int64_t alert_id : incident.alert_ids) {
      (*link)->reset();
      if (auto ran = (*link)->bind(1, outcome.incident_id).bind(2, alert_id).run(); !ran) return fail(ran.error());
    }
    for (const auto& change : correlation_changes(incident, outcome))
      if (auto noted = note(outcome.incident_id, now, actor, change); !noted) return fail(noted.error());
    if (auto audited = audit(actor, outcome.created ? "incident.create" : "incident.correlate",
                             fmt::format("{} ({})", outcome.incident_id, incident.correlation_key));
        !audited)
      return fail(audited.error());
    return outcome;
  }

  StoreResult<void> note(int64_t incident_id, int64_t time_us, const std::string& actor, const std::string& change) {
    auto insert = reused(note_, "INSERT INTO incident_timeline (incident_id, time_us, actor, change) VALUES (?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    return (*insert)->bind(1, incident_id).bind(2, time_us).bind(3, actor).bind(4, change).run();
  }

  StoreResult<void> insert_token(const std::string& token_hash, Role role, std::optional<int64_t> user_id,
                                 std::optional<int64_t> sensor_id) {
    auto insert = db_.prepare(
        "INSERT INTO api_tokens (token_hash, role, user_id, sensor_id, created_us) VALUES (?, ?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    return insert->bind(1, token_hash).bind(2, role_name(role)).bind(3, user_id).bind(4, sensor_id).bind(5, now_us()).run();
  }

  // The statement in slot, prepared on first use and reset for the next: the ingest
  // path runs the same few statements for every batch.
  StoreResult<Statement*> reused(std::optional<Statement>& slot, std::string_view sql) {
    if (!slot) {
      auto prepared = db_.prepare(sql);
      if (!prepared) return fail(prepared.error());
      slot.emplace(std::move(*prepared));
    }
    slot->reset();
    return &*slot;
  }

  // Alert searches take a few shapes (which filters are set), each a long statement
  // with several subqueries: each shape is prepared once.
  StoreResult<void> audit(const std::string& actor, std::string_view action, const std::string& subject) {
    auto insert = reused(audit_, "INSERT INTO audit_log (time_us, actor, action, subject) VALUES (?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    return (*insert)->bind(1, now_us()).bind(2, actor).bind(3, action).bind(4, subject).run();
  }

  StoreResult<std::optional<BatchAck>> find_batch(int64_t sensor_id, const std::string& batch_id) {
    auto query = reused(find_batch_, "SELECT alerts, other_events FROM batches WHERE sensor_id = ? AND batch_id = ?");
    if (!query) return fail(query.error());
    Statement& found = **query;
    found.bind(1, sensor_id).bind(2, batch_id);
    auto row = found.step();
    if (!row) return fail(row.error());
    if (!*row) return std::optional<BatchAck>{};
    BatchAck ack{batch_id, static_cast<uint64_t>(found.integer(0)), static_cast<uint64_t>(found.integer(1)), true, {}};
    found.reset();  // ends the read now, not at the next batch
    return ack;
  }

  StoreResult<void> store_batch(int64_t sensor_id, const std::string& batch_id, const EventBatch& batch,
                                std::vector<int64_t>& alert_ids) {
    auto record = reused(
        record_batch_, "INSERT INTO batches (sensor_id, batch_id, received_us, alerts, other_events) VALUES (?, ?, ?, ?, ?)");
    if (!record) return fail(record.error());
    if (auto ran = (*record)->bind(1, sensor_id)
                       .bind(2, batch_id)
                       .bind(3, now_us())
                       .bind(4, static_cast<int64_t>(batch.alerts.size()))
                       .bind(5, static_cast<int64_t>(batch.other_event_total()))
                       .run();
        !ran)
      return ran;
    alert_ids.reserve(batch.alerts.size());
    for (const auto& alert : batch.alerts) {
      if (auto ran = insert_alert(sensor_id, batch_id, alert); !ran) return ran;
      alert_ids.push_back(db_.last_insert_id());
    }
    for (const auto& [type, count] : batch.other_events) {
      auto upsert = reused(count_events_,
                           "INSERT INTO event_counts (sensor_id, event_type, count) VALUES (?, ?, ?) "
                           "ON CONFLICT (sensor_id, event_type) DO UPDATE SET count = count + excluded.count");
      if (!upsert) return fail(upsert.error());
      if (auto ran = (*upsert)->bind(1, sensor_id).bind(2, type).bind(3, static_cast<int64_t>(count)).run(); !ran)
        return ran;
    }
    return {};
  }

  // Texts are bound without copies: the alert outlives the step, and the next
  // reset() unbinds them.
  StoreResult<void> insert_alert(int64_t sensor_id, const std::string& batch_id, const IngestedAlert& alert) {
    auto insert = reused(
        insert_alert_,
        "INSERT INTO alerts (time_us, sensor_id, batch_id, signature_id, severity, signature, src_ip, dest_ip, eve) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return fail(insert.error());
    return (*insert)->bind(1, alert.time_us)
        .bind(2, sensor_id)
        .bind_unowned(3, batch_id)
        .bind(4, alert.signature_id)
        .bind(5, int64_t{alert.severity})
        .bind_unowned(6, alert.signature)
        .bind_unowned(7, alert.src_ip)
        .bind_unowned(8, alert.dest_ip)
        .bind_unowned(9, alert.eve_json)
        .run();
  }

  // The id of the row named name in table, or an error naming what is unknown.
  StoreResult<int64_t> id_of(std::string_view table, const std::string& name, std::string_view what) {
    auto query = db_.prepare(fmt::format("SELECT id FROM {} WHERE name = ?", table));
    if (!query) return fail(query.error());
    query->bind(1, name);
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) return fail(StoreError{fmt::format("unknown {} \"{}\"", what, name)});
    return query->integer(0);
  }

  StoreResult<void> grant(int64_t collection_row, const std::vector<std::string>& groups, std::string_view access) {
    for (const auto& group : groups) {
      auto group_id = id_of("sharing_groups", group, "sharing group");
      if (!group_id) return fail(group_id.error());
      auto insert = db_.prepare("INSERT OR IGNORE INTO taxii_collection_access (collection_id, group_id, access) VALUES (?, ?, ?)");
      if (!insert) return fail(insert.error());
      if (auto ran = insert->bind(1, collection_row).bind(2, *group_id).bind(3, access).run(); !ran) return ran;
    }
    return {};
  }

  std::mutex mutex_;
  Connection db_;
  // The ingest path's statements, prepared once (see reused()).
  std::optional<Statement> insert_alert_;
  std::optional<Statement> find_batch_;
  std::optional<Statement> record_batch_;
  std::optional<Statement> count_events_;
  std::optional<Statement> audit_;
  // Correlation's statements (record_correlations).
  std::optional<Statement> find_incident_;
  std::optional<Statement> insert_incident_;
  std::optional<Statement> raise_level_;
  std::optional<Statement> link_alert_;
  std::optional<Statement> note_;
  std::optional<Statement> move_mark_;
  sqlite::AlertKeys alert_keys_;
  sqlite::AlertReaders readers_;  // after alert_keys_, which it reads
  std::unique_ptr<sqlite::Checkpointer> checkpointer_;  // after db_: unhooks it before it closes
};

StoreResult<int64_t> SqliteStore::add_organisation(const std::string& name, const std::string& actor) {
  std::lock_guard lock(mutex_);
  auto transaction = Transaction::begin(db_);
  if (!transaction) return fail(transaction.error());
  auto insert = db_.prepare("INSERT INTO organisations (name, created_us) VALUES (?, ?)");
  if (!insert) return fail(insert.error());
  if (auto ran = insert->bind(1, name).bind(2, now_us()).run(); !ran) return fail(ran.error());
  int64_t id = db_.last_insert_id();
  if (auto audited = audit(actor, "organisation.add", name); !audited) return fail(audited.error());
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  return id;
}

StoreResult<int64_t> SqliteStore::add_sharing_group(const std::string& name, const std::vector<std::string>& organisations,
                                                    const std::string& actor) {
  std::lock_guard lock(mutex_);
  auto transaction = Transaction::begin(db_);
  if (!transaction) return fail(transaction.error());
  auto insert = db_.prepare("INSERT INTO sharing_groups (name, created_us) VALUES (?, ?)");
  if (!insert) return fail(insert.error());
  if (auto ran = insert->bind(1, name).bind(2, now_us()).run(); !ran) return fail(ran.error());
  int64_t group_id = db_.last_insert_id();
  for (const auto& organisation : organisations) {
    auto organisation_id = id_of("organisations", organisation, "organisation");
    if (!organisation_id) return fail(organisation_id.error());
    auto member = db_.prepare("INSERT OR IGNORE INTO sharing_group_members (group_id, organisation_id) VALUES (?, ?)");
    if (!member) return fail(member.error());
    if (auto ran = member->bind(1, group_id).bind(2, *organisation_id).run(); !ran) return fail(ran.error());
  }
  if (auto audited = audit(actor, "group.add", name); !audited) return fail(audited.error());
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  return group_id;
}

StoreResult<void> SqliteStore::set_user_organisation(const std::string& user_name, const std::string& organisation,
                                                     const std::string& actor) {
  std::lock_guard lock(mutex_);
  auto transaction = Transaction::begin(db_);
  if (!transaction) return fail(transaction.error());
  auto organisation_id = id_of("organisations", organisation, "organisation");
  if (!organisation_id) return fail(organisation_id.error());
  auto user_id = id_of("users", user_name, "user");
  if (!user_id) return fail(user_id.error());
  auto update = db_.prepare("UPDATE users SET organisation_id = ? WHERE id = ?");
  if (!update) return fail(update.error());
  if (auto ran = update->bind(1, *organisation_id).bind(2, *user_id).run(); !ran) return fail(ran.error());
  if (auto audited = audit(actor, "user.organisation", fmt::format("{} -> {}", user_name, organisation)); !audited)
    return fail(audited.error());
  return transaction->commit();
}

StoreResult<std::optional<SharingUser>> SqliteStore::sharing_user(const std::string& user_name) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare(
      "SELECT u.id, u.name, o.id, o.name, u.password_hash FROM users u JOIN organisations o ON o.id = u.organisation_id "
      "WHERE u.name = ?");
  if (!query) return fail(query.error());
  query->bind(1, user_name);
  auto row = query->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<SharingUser>{};
  return SharingUser{query->integer(0), query->text(1), query->integer(2), query->text(3), query->text(4)};
}

StoreResult<void> SqliteStore::add_collection(const TaxiiCollection& collection, const std::vector<std::string>& read_groups,
                                              const std::vector<std::string>& write_groups, const std::string& actor) {
  std::lock_guard lock(mutex_);
  auto transaction = Transaction::begin(db_);
  if (!transaction) return fail(transaction.error());
  auto insert = db_.prepare("INSERT INTO taxii_collections (uuid, title, description, created_us) VALUES (?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  if (auto ran = insert->bind(1, collection.id).bind(2, collection.title).bind(3, collection.description).bind(4, now_us()).run();
      !ran)
    return ran;
  int64_t row = db_.last_insert_id();
  if (auto granted = grant(row, read_groups, "read"); !granted) return granted;
  if (auto granted = grant(row, write_groups, "write"); !granted) return granted;
  if (auto audited = audit(actor, "collection.add", fmt::format("{} ({})", collection.title, collection.id)); !audited)
    return audited;
  return transaction->commit();
}

constexpr std::string_view kCollectionsSql =
    "SELECT c.uuid, c.title, c.description, "
    "CASE WHEN EXISTS (SELECT 1 FROM taxii_collection_access a JOIN sharing_group_members m ON m.group_id = a.group_id "
    "WHERE a.collection_id = c.id AND a.access = 'read' AND m.organisation_id = {0}) THEN 1 ELSE 0 END, "
    "CASE WHEN EXISTS (SELECT 1 FROM taxii_collection_access a JOIN sharing_group_members m ON m.group_id = a.group_id "
    "WHERE a.collection_id = c.id AND a.access = 'write' AND m.organisation_id = {0}) THEN 1 ELSE 0 END "
    "FROM taxii_collections c ORDER BY c.id";

StoreResult<std::vector<TaxiiCollection>> SqliteStore::collections_for(int64_t organisation_id) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare(fmt::format(fmt::runtime(kCollectionsSql), "?1"));
  if (!query) return fail(query.error());
  query->bind(1, organisation_id);
  std::vector<TaxiiCollection> out;
  while (true) {
    auto row = query->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    TaxiiCollection collection{query->text(0), query->text(1), query->text(2), query->integer(3) != 0, query->integer(4) != 0};
    if (collection.can_read || collection.can_write) out.push_back(std::move(collection));
  }
  return out;
}

StoreResult<int64_t> SqliteStore::add_taxii_objects(const std::string& collection_id, int64_t organisation_id,
                                                    const std::vector<NewTaxiiObject>& objects, const std::string& actor) {
  std::lock_guard lock(mutex_);
  auto transaction = Transaction::begin(db_);
  if (!transaction) return fail(transaction.error());
  auto collection = db_.prepare("SELECT id FROM taxii_collections WHERE uuid = ?");
  if (!collection) return fail(collection.error());
  collection->bind(1, collection_id);
  auto found = collection->step();
  if (!found) return fail(found.error());
  if (!*found) return fail(StoreError{fmt::format("unknown collection {}", collection_id)});
  int64_t collection_row = collection->integer(0);
  int64_t date_added = now_us();
  auto insert = db_.prepare(
      "INSERT INTO taxii_objects (collection_id, stix_id, type, spec_version, version, version_ns, date_added_us, tlp, "
      "organisation_id, object, privacy_filtered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (collection_id, stix_id, version_ns) DO NOTHING");
  if (!insert) return fail(insert.error());
  for (const auto& object : objects) {
    insert->reset();
    if (auto ran = insert->bind(1, collection_row)
                       .bind(2, object.stix_id)
                       .bind(3, object.type)
                       .bind(4, object.spec_version)
                       .bind(5, object.version)
                       .bind(6, object.version_ns)
                       .bind(7, date_added)
                       .bind(8, int64_t{static_cast<int>(object.tlp)})
                       .bind(9, organisation_id)
                       .bind(10, object.json)
                       .bind(11, int64_t{object.privacy_filtered})
                       .run();
        !ran)
      return fail(ran.error());
  }
  if (auto audited = audit(actor, "taxii.add", fmt::format("{} objects to {}", objects.size(), collection_id)); !audited)
    return fail(audited.error());
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  return date_added;
}

StoreResult<TaxiiObjectPage> SqliteStore::taxii_objects(const TaxiiObjectQuery& query) {
  SqlClause clause('?');
  std::string sql = taxii_listing_sql(query, clause);
  std::lock_guard lock(mutex_);
  auto statement = db_.prepare(sql);
  if (!statement) return fail(statement.error());
  bind_all(*statement, clause.params());
  TaxiiObjectPage page;
  while (true) {
    auto row = statement->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    if (page.objects.size() == query.limit) {
      page.more = true;
      break;
    }
    page.objects.push_back({statement->integer(0), statement->text(1), statement->text(2), statement->text(3),
                            statement->text(4), statement->integer(5), statement->text(6), statement->integer(7),
                            statement->integer(8) != 0});
  }
  return page;
}

StoreResult<int64_t> SqliteStore::delete_taxii_object(const std::string& collection_id, const std::string& stix_id,
                                                      const TaxiiViewer& viewer, const std::string& actor) {
  SqlClause clause('?');
  std::string collection = clause.bind(collection_id);
  std::string id = clause.bind(stix_id);
  std::string sql = fmt::format(
      "DELETE FROM taxii_objects AS o WHERE o.collection_id = (SELECT id FROM taxii_collections WHERE uuid = {}) "
      "AND o.stix_id = {} AND {}",
      collection, id, taxii_visibility_condition(viewer, "o", clause));
  std::lock_guard lock(mutex_);
  auto transaction = Transaction::begin(db_);
  if (!transaction) return fail(transaction.error());
  auto statement = db_.prepare(sql);
  if (!statement) return fail(statement.error());
  bind_all(*statement, clause.params());
  if (auto ran = statement->run(); !ran) return fail(ran.error());
  auto changes = db_.prepare("SELECT changes()");
  if (!changes) return fail(changes.error());
  if (auto row = changes->step(); !row) return fail(row.error());
  int64_t deleted = changes->integer(0);
  if (auto audited = audit(actor, "taxii.delete", fmt::format("{} from {} ({} versions)", stix_id, collection_id, deleted));
      !audited)
    return fail(audited.error());
  if (auto committed = transaction->commit(); !committed) return fail(committed.error());
  return deleted;
}

StoreResult<void> SqliteStore::save_taxii_status(const TaxiiStatusRecord& status) {
  std::lock_guard lock(mutex_);
  auto insert = db_.prepare("INSERT INTO taxii_statuses (id, user_id, created_us, status) VALUES (?, ?, ?, ?)");
  if (!insert) return fail(insert.error());
  return insert->bind(1, status.id).bind(2, status.user_id).bind(3, now_us()).bind(4, status.json).run();
}

StoreResult<std::optional<TaxiiStatusRecord>> SqliteStore::taxii_status(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto query = db_.prepare("SELECT id, user_id, status FROM taxii_statuses WHERE id = ?");
  if (!query) return fail(query.error());
  query->bind(1, id);
  auto row = query->step();
  if (!row) return fail(row.error());
  if (!*row) return std::optional<TaxiiStatusRecord>{};
  return TaxiiStatusRecord{query->text(0), query->integer(1), query->text(2)};
}

StoreResult<std::vector<StoredAlert>> SqliteStore::alerts_by_id(const std::vector<int64_t>& ids) {
  constexpr size_t kIdsPerQuery = 500;
  std::vector<StoredAlert> out;
  std::lock_guard lock(mutex_);
  for (size_t first = 0; first < ids.size(); first += kIdsPerQuery) {
    size_t count = std::min(kIdsPerQuery, ids.size() - first);
    std::string placeholders;
    for (size_t i = 0; i < count; ++i) placeholders += i ? ", ?" : "?";
    auto statement = db_.prepare(
        "SELECT a.id, a.time_us, s.name, a.signature_id, a.severity, a.signature, a.src_ip, a.dest_ip, a.eve "
        "FROM alerts a JOIN sensors s ON s.id = a.sensor_id WHERE a.id IN (" + placeholders + ")");
    if (!statement) return fail(statement.error());
    for (size_t i = 0; i < count; ++i) statement->bind(static_cast<int>(i + 1), ids[first + i]);
    while (true) {
      auto row = statement->step();
      if (!row) return fail(row.error());
      if (!*row) break;
      out.push_back(stored_alert(*statement));
    }
  }
  std::sort(out.begin(), out.end(), [](const StoredAlert& a, const StoredAlert& b) { return a.id < b.id; });
  return out;
}

StoreResult<std::vector<StoredAlert>> SqliteStore::alerts_after(int64_t id, size_t limit) {
  std::lock_guard lock(mutex_);
  auto statement = db_.prepare(
      "SELECT a.id, a.time_us, s.name, a.signature_id, a.severity, a.signature, a.src_ip, a.dest_ip, a.eve "
      "FROM alerts a JOIN sensors s ON s.id = a.sensor_id WHERE a.id > ? ORDER BY a.id LIMIT ?");
  if (!statement) return fail(statement.error());
  statement->bind(1, id).bind(2, static_cast<int64_t>(limit));
  std::vector<StoredAlert> out;
  while (true) {
    auto row = statement->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    out.push_back(stored_alert(*statement));
  }
  return out;
}

// synchronous=NORMAL in WAL mode: a commit has written its pages to the WAL file (in
// the OS page cache) before it returns, so an acknowledged batch survives a crash or
// kill -9 of the center process; only an OS crash or power loss can lose the batches
// committed since the last checkpoint's fsync. FULL would fsync every batch (about
// 10 ms per MB here, the limit of ingest speed). Checkpoints (which do fsync) run on
// their own thread every 64 MB of WAL (kCheckpointBytes) instead of in the writer
// every 4 MB. The WAL file is not cut back below the writer's limit: the next
// transaction after a checkpoint rewrites it from the start, and overwriting the
// file's pages costs the kernel far less than truncating and growing it again.
// 8 KB pages (new stores only; the size is fixed once a table exists): every page a
// commit dirties costs a WAL frame and later a checkpoint write, whatever its size,
// and most of an ingest's pages are index leaves it adds a few keys to. Temporary
// b-trees (ip= search's UNION, sorts) stay in memory.
StoreResult<void> configure(Connection& connection) {
  for (const char* pragma : {"PRAGMA page_size = 8192", "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL",
                             "PRAGMA foreign_keys = ON", "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY",
                             "PRAGMA journal_size_limit = 268435456"})
    if (auto set = connection.exec(pragma); !set) return set;
  return {};
}

}  // namespace

std::filesystem::path sqlite_database_path(const std::filesystem::path& data_dir) { return data_dir / "center.db"; }

StoreResult<std::unique_ptr<Store>> open_sqlite_store(const std::filesystem::path& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) return fail(StoreError{fmt::format("cannot create {}: {}", data_dir.string(), ec.message())});
  auto connection = Connection::open(sqlite_database_path(data_dir).string());
  if (!connection) return fail(connection.error());
  if (auto configured = configure(*connection); !configured) return fail(configured.error());
  if (auto migrated = sqlite::migrate(*connection); !migrated) return fail(migrated.error());
  auto alert_keys = sqlite::AlertKeys::load(*connection);
  if (!alert_keys) return fail(alert_keys.error());
  std::string path = sqlite_database_path(data_dir).string();
  auto store = std::make_unique<SqliteStore>(std::move(*connection), std::move(*alert_keys), path);
  if (auto started = store->checkpoint_in_background(path); !started)
    return fail(started.error());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace rampart::center
