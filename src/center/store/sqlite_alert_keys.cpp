#include "center/store/sqlite_alert_keys.hpp"

#include <algorithm>
#include <cmath>

namespace rampart::center::sqlite {

namespace {

// Each key table is filled in its own key order (the recent table's index gives it
// without a sort), so the merge walks every large table's leaves once, front to back.
constexpr std::string_view kMerge =
    "INSERT INTO alert_signature_keys SELECT signature_id, time_us, id FROM recent_alert_keys ORDER BY 1, 2, 3;"
    "INSERT INTO alert_src_ip_keys SELECT src_ip, time_us, id FROM recent_alert_keys ORDER BY 1, 2, 3;"
    "INSERT INTO alert_dest_ip_keys SELECT dest_ip, time_us, id FROM recent_alert_keys ORDER BY 1, 2, 3;"
    "UPDATE alert_keys_progress SET alert_id = MAX(alert_id, (SELECT COALESCE(MAX(id), 0) FROM recent_alert_keys));"
    "DELETE FROM recent_alert_keys;";

// In memory (PRAGMA temp_store = MEMORY): nothing of it reaches the WAL.
constexpr std::string_view kCreateRecent =
    "CREATE TEMP TABLE recent_alert_keys (id INTEGER PRIMARY KEY, time_us INTEGER NOT NULL, "
    "signature_id INTEGER NOT NULL, src_ip TEXT NOT NULL, dest_ip TEXT NOT NULL);"
    "CREATE INDEX temp.recent_alert_keys_by_signature ON recent_alert_keys (signature_id, time_us);"
    "CREATE INDEX temp.recent_alert_keys_by_src_ip ON recent_alert_keys (src_ip, time_us);"
    "CREATE INDEX temp.recent_alert_keys_by_dest_ip ON recent_alert_keys (dest_ip, time_us);"
    "INSERT INTO temp.recent_alert_keys SELECT id, time_us, signature_id, src_ip, dest_ip FROM alerts "
    "WHERE id > (SELECT alert_id FROM alert_keys_progress) ORDER BY id;";

constexpr uint64_t kFewestMergedKeys = 16384;

}  // namespace

// Per stored alert, a merge costs about (leaves of a key table) / threshold page
// writes, and the recent indexes cost about threshold / (2 * keys per leaf * batch)
// per alert while they fill. With ~150 keys per 8 KB leaf and batches of ~1000 the
// sum is least near sqrt(1600 * stored alerts); below 16k keys a merge is cheap anyway.
uint64_t merge_threshold(int64_t stored_alerts) {
  double balanced = std::sqrt(1600.0 * static_cast<double>(std::max<int64_t>(stored_alerts, 0)));
  return std::max(kFewestMergedKeys, static_cast<uint64_t>(balanced));
}

StoreResult<AlertKeys> AlertKeys::load(Connection& db) {
  if (auto created = db.exec("PRAGMA temp_store = MEMORY"); !created) return std::unexpected(created.error());
  if (auto created = db.exec(std::string(kCreateRecent)); !created) return std::unexpected(created.error());
  auto count = db.prepare("SELECT COUNT(*) FROM temp.recent_alert_keys");
  if (!count) return std::unexpected(count.error());
  if (auto row = count->step(); !row) return std::unexpected(row.error());
  return AlertKeys(static_cast<uint64_t>(count->integer(0)));
}

// Texts are bound without copies: the alert outlives the step, and the next reset()
// unbinds them.
StoreResult<void> AlertKeys::add(Connection& db, int64_t id, const IngestedAlert& alert) {
  if (!insert_) {
    auto prepared =
        db.prepare("INSERT INTO temp.recent_alert_keys (id, time_us, signature_id, src_ip, dest_ip) VALUES (?, ?, ?, ?, ?)");
    if (!prepared) return std::unexpected(prepared.error());
    insert_.emplace(std::move(*prepared));
  }
  insert_->reset();
  return insert_->bind(1, id)
      .bind(2, alert.time_us)
      .bind(3, alert.signature_id)
      .bind_unowned(4, alert.src_ip)
      .bind_unowned(5, alert.dest_ip)
      .run();
}

StoreResult<void> AlertKeys::merge_if_due(Connection& db, int64_t last_alert_id) {
  if (recent_ < merge_threshold(last_alert_id)) return {};
  auto transaction = Transaction::begin(db);
  if (!transaction) return std::unexpected(transaction.error());
  if (auto merged = db.exec(std::string(kMerge)); !merged) return merged;
  if (auto done = transaction->commit(); !done) return done;
  recent_ = 0;
  return {};
}

}  // namespace rampart::center::sqlite
