#include "center/store/sqlite_migrations.hpp"

#include <fmt/format.h>

#include <array>
#include <chrono>
#include <string>

namespace rampart::center::sqlite {

namespace {

constexpr std::string_view kIdentity = R"sql(
CREATE TABLE organisations (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_us INTEGER NOT NULL);
INSERT INTO organisations (id, name, created_us) VALUES (1, 'default', 0);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
  password_hash TEXT NOT NULL,
  created_us INTEGER NOT NULL);
CREATE TABLE sensors (
  id INTEGER PRIMARY KEY,
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  name TEXT NOT NULL UNIQUE,
  created_us INTEGER NOT NULL);
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer', 'sensor')),
  user_id INTEGER REFERENCES users(id),
  sensor_id INTEGER REFERENCES sensors(id),
  created_us INTEGER NOT NULL,
  CHECK ((user_id IS NULL) <> (sensor_id IS NULL)));
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

constexpr std::string_view kIngest = R"sql(
CREATE TABLE batches (
  sensor_id INTEGER NOT NULL REFERENCES sensors(id),
  batch_id TEXT NOT NULL,
  received_us INTEGER NOT NULL,
  alerts INTEGER NOT NULL,
  other_events INTEGER NOT NULL,
  PRIMARY KEY (sensor_id, batch_id)) WITHOUT ROWID;
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  sensor_id INTEGER NOT NULL REFERENCES sensors(id),
  batch_id TEXT NOT NULL,
  signature_id INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  signature TEXT NOT NULL,
  src_ip TEXT NOT NULL,
  dest_ip TEXT NOT NULL,
  eve TEXT NOT NULL);
CREATE INDEX alerts_by_time ON alerts (time_us, id);
CREATE INDEX alerts_by_sensor ON alerts (sensor_id, time_us);
CREATE INDEX alerts_by_signature ON alerts (signature_id, time_us);
CREATE INDEX alerts_by_src_ip ON alerts (src_ip, time_us);
CREATE INDEX alerts_by_dest_ip ON alerts (dest_ip, time_us);
CREATE INDEX alerts_by_severity ON alerts (severity, time_us);
CREATE TABLE event_counts (
  sensor_id INTEGER NOT NULL REFERENCES sensors(id),
  event_type TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (sensor_id, event_type)) WITHOUT ROWID;
)sql";

constexpr std::string_view kIncidents = R"sql(
CREATE TABLE assets (
  network TEXT PRIMARY KEY,
  organisation TEXT NOT NULL,
  sector TEXT NOT NULL,
  critical_infrastructure INTEGER NOT NULL CHECK (critical_infrastructure IN (0, 1)),
  protection_level INTEGER NOT NULL CHECK (protection_level BETWEEN 1 AND 5),
  updated_us INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE incidents (
  id INTEGER PRIMARY KEY,
  correlation_key TEXT UNIQUE,
  title TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('new', 'acknowledged', 'investigating', 'contained', 'resolved', 'closed')),
  category TEXT NOT NULL,
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
  created_us INTEGER NOT NULL,
  updated_us INTEGER NOT NULL,
  deadline_us INTEGER NOT NULL,
  acknowledged_us INTEGER);
CREATE INDEX incidents_by_created ON incidents (created_us, id);
CREATE TABLE incident_alerts (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  alert_id INTEGER NOT NULL REFERENCES alerts(id),
  PRIMARY KEY (incident_id, alert_id)) WITHOUT ROWID;
CREATE TABLE incident_timeline (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  time_us INTEGER NOT NULL,
  actor TEXT NOT NULL,
  change TEXT NOT NULL);
CREATE INDEX incident_timeline_by_incident ON incident_timeline (incident_id, id);
)sql";

constexpr std::string_view kSharing = R"sql(
CREATE TABLE sharing_groups (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_us INTEGER NOT NULL);
CREATE TABLE sharing_group_members (
  group_id INTEGER NOT NULL REFERENCES sharing_groups(id),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  PRIMARY KEY (group_id, organisation_id)) WITHOUT ROWID;
CREATE INDEX sharing_group_members_by_organisation ON sharing_group_members (organisation_id);
CREATE TABLE taxii_collections (
  id INTEGER PRIMARY KEY,
  uuid TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  created_us INTEGER NOT NULL);
CREATE TABLE taxii_collection_access (
  collection_id INTEGER NOT NULL REFERENCES taxii_collections(id),
  group_id INTEGER NOT NULL REFERENCES sharing_groups(id),
  access TEXT NOT NULL CHECK (access IN ('read', 'write')),
  PRIMARY KEY (collection_id, group_id, access)) WITHOUT ROWID;
CREATE TABLE taxii_objects (
  id INTEGER PRIMARY KEY,
  collection_id INTEGER NOT NULL REFERENCES taxii_collections(id),
  stix_id TEXT NOT NULL,
  type TEXT NOT NULL,
  spec_version TEXT NOT NULL,
  version TEXT NOT NULL,
  version_ns INTEGER NOT NULL,
  date_added_us INTEGER NOT NULL,
  tlp INTEGER NOT NULL CHECK (tlp BETWEEN 0 AND 4),
  organisation_id INTEGER NOT NULL REFERENCES organisations(id),
  object TEXT NOT NULL,
  UNIQUE (collection_id, stix_id, version_ns));
CREATE INDEX taxii_objects_by_date_added ON taxii_objects (collection_id, date_added_us, id);
CREATE INDEX taxii_objects_by_type ON taxii_objects (collection_id, type, date_added_us, id);
CREATE TABLE taxii_statuses (
  id TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created_us INTEGER NOT NULL,
  status TEXT NOT NULL);
)sql";

constexpr std::string_view kCases = R"sql(
ALTER TABLE incidents ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
CREATE INDEX incidents_by_state ON incidents (state, created_us);
CREATE TABLE incident_notes (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  time_us INTEGER NOT NULL,
  author TEXT NOT NULL,
  text TEXT NOT NULL);
CREATE INDEX incident_notes_by_incident ON incident_notes (incident_id, id);
CREATE TABLE incident_tasks (
  id INTEGER PRIMARY KEY,
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  title TEXT NOT NULL,
  done INTEGER NOT NULL CHECK (done IN (0, 1)),
  created_us INTEGER NOT NULL,
  updated_us INTEGER NOT NULL);
CREATE INDEX incident_tasks_by_incident ON incident_tasks (incident_id, id);
CREATE TABLE incident_observables (
  incident_id INTEGER NOT NULL REFERENCES incidents(id),
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  added_us INTEGER NOT NULL,
  PRIMARY KEY (incident_id, type, value)) WITHOUT ROWID;
)sql";

// Objects the share endpoint published were filtered for privacy before they were
// stored; TAXII reads by other organisations do not filter them a second time.
constexpr std::string_view kPrivacy = R"sql(
ALTER TABLE taxii_objects ADD COLUMN privacy_filtered INTEGER NOT NULL DEFAULT 0 CHECK (privacy_filtered IN (0, 1));
)sql";

constexpr std::string_view kFeeds = R"sql(
CREATE TABLE feed_positions (
  feed TEXT PRIMARY KEY,
  added_last TEXT NOT NULL,
  updated_us INTEGER NOT NULL);
)sql";

// Alert search: a severity filter keeps 1/3 to 2/3 of all alerts, so it is cheaper to
// walk the time index and filter than to sort what the severity index finds; that
// index only slowed down every insert.
constexpr std::string_view kAlertSearch = R"sql(
DROP INDEX alerts_by_severity;
)sql";

// Alert lookups by signature and address leave the alerts table: its indexes on those
// columns took keys in random leaves, so every batch dirtied (and wrote twice, WAL and
// checkpoint) about one leaf per alert per index. A new alert's keys go into
// recent_alert_keys, whose indexes are small enough to stay cached; in large sorted
// merges they move into the three key tables (sqlite_alert_keys.hpp).
constexpr std::string_view kAlertKeys = R"sql(
CREATE TABLE alert_signature_keys (
  signature_id INTEGER NOT NULL,
  time_us INTEGER NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY (signature_id, time_us, id)) WITHOUT ROWID;
CREATE TABLE alert_src_ip_keys (
  src_ip TEXT NOT NULL,
  time_us INTEGER NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY (src_ip, time_us, id)) WITHOUT ROWID;
CREATE TABLE alert_dest_ip_keys (
  dest_ip TEXT NOT NULL,
  time_us INTEGER NOT NULL,
  id INTEGER NOT NULL,
  PRIMARY KEY (dest_ip, time_us, id)) WITHOUT ROWID;
CREATE TABLE recent_alert_keys (
  id INTEGER PRIMARY KEY,
  time_us INTEGER NOT NULL,
  signature_id INTEGER NOT NULL,
  src_ip TEXT NOT NULL,
  dest_ip TEXT NOT NULL);
CREATE INDEX recent_alert_keys_by_signature ON recent_alert_keys (signature_id, time_us);
CREATE INDEX recent_alert_keys_by_src_ip ON recent_alert_keys (src_ip, time_us);
CREATE INDEX recent_alert_keys_by_dest_ip ON recent_alert_keys (dest_ip, time_us);
INSERT INTO alert_signature_keys SELECT signature_id, time_us, id FROM alerts ORDER BY 1, 2, 3;
INSERT INTO alert_src_ip_keys SELECT src_ip, time_us, id FROM alerts ORDER BY 1, 2, 3;
INSERT INTO alert_dest_ip_keys SELECT dest_ip, time_us, id FROM alerts ORDER BY 1, 2, 3;
DROP INDEX alerts_by_signature;
DROP INDEX alerts_by_src_ip;
DROP INDEX alerts_by_dest_ip;
)sql";

// Correlation runs after the acknowledgement (src/center/incidents): the id up to
// which stored alerts are correlated, so a restart correlates the ones after it.
// Alerts stored before this version were correlated on ingest.
constexpr std::string_view kCorrelationProgress = R"sql(
CREATE TABLE correlation_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  alert_id INTEGER NOT NULL);
INSERT INTO correlation_progress (id, alert_id) SELECT 1, COALESCE(MAX(id), 0) FROM alerts;
)sql";

// The recent keys leave the file (sqlite_alert_keys.hpp): every batch dirtied most
// leaves of their three indexes, and each dirty page was written to the WAL and again
// by the checkpoint. They live in memory (since the seventh ingest round in the
// process, sqlite_recent_keys.hpp), rebuilt at open from the alerts after
// alert_keys_progress, the id up to which keys are merged.
constexpr std::string_view kRecentKeysInMemory = R"sql(
CREATE TABLE alert_keys_progress (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  alert_id INTEGER NOT NULL);
INSERT INTO alert_signature_keys SELECT signature_id, time_us, id FROM recent_alert_keys ORDER BY 1, 2, 3;
INSERT INTO alert_src_ip_keys SELECT src_ip, time_us, id FROM recent_alert_keys ORDER BY 1, 2, 3;
INSERT INTO alert_dest_ip_keys SELECT dest_ip, time_us, id FROM recent_alert_keys ORDER BY 1, 2, 3;
INSERT INTO alert_keys_progress (id, alert_id) SELECT 1, COALESCE(MAX(id), 0) FROM alerts;
DROP TABLE recent_alert_keys;
)sql";

constexpr std::array<Migration, 11> kMigrations{{
    {1, "organisations, users, sensors, api tokens, audit log", kIdentity},
    {2, "ingested batches, alerts, event counts", kIngest},
    {3, "assets, incidents, their alerts and timeline", kIncidents},
    {4, "sharing groups, TAXII collections, STIX objects, TAXII statuses", kSharing},
    {5, "incident assignee, notes, tasks and observables", kCases},
    {6, "STIX objects published already filtered for privacy", kPrivacy},
    {7, "positions of the TAXII feeds polled from remote servers", kFeeds},
    {8, "alert search: drop the severity index", kAlertSearch},
    {9, "alert keys by signature and address merged in sorted batches (SQLite; PostgreSQL keeps its indexes)", kAlertKeys},
    {10, "the id up to which stored alerts are correlated", kCorrelationProgress},
    {11, "recent alert keys in memory, the id up to which keys are merged (SQLite)", kRecentKeysInMemory},
}};

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

StoreResult<void> apply(Connection& connection, const Migration& migration) {
  auto transaction = Transaction::begin(connection);
  if (!transaction) return std::unexpected(transaction.error());
  if (auto applied = connection.exec(std::string(migration.sql)); !applied)
    return std::unexpected(StoreError{fmt::format("migration {}: {}", migration.version, applied.error().detail)});
  auto record = connection.prepare("INSERT INTO schema_migrations (version, description, applied_us) VALUES (?, ?, ?)");
  if (!record) return std::unexpected(record.error());
  if (auto ran = record->bind(1, int64_t{migration.version}).bind(2, migration.description).bind(3, now_us()).run(); !ran)
    return ran;
  return transaction->commit();
}

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

int latest_schema_version() { return kMigrations.back().version; }

StoreResult<int> current_schema_version(Connection& connection) {
  if (auto created = connection.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, description TEXT NOT NULL, "
          "applied_us INTEGER NOT NULL)");
      !created)
    return std::unexpected(created.error());
  auto query = connection.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!query) return std::unexpected(query.error());
  auto row = query->step();
  if (!row) return std::unexpected(row.error());
  return static_cast<int>(query->integer(0));
}

StoreResult<int> migrate(Connection& connection, int target_version) {
  auto version = current_schema_version(connection);
  if (!version) return version;
  if (*version > latest_schema_version())
    return std::unexpected(StoreError{fmt::format("database schema version {} is newer than this rampart knows ({})",
                                                  *version, latest_schema_version())});
  for (const auto& migration : kMigrations) {
    if (migration.version <= *version || migration.version > target_version) continue;
    if (auto applied = apply(connection, migration); !applied) return std::unexpected(applied.error());
    *version = migration.version;
  }
  return *version;
}

}  // namespace rampart::center::sqlite
