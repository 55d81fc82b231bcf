#pragma once
// Alert lookups by signature and address in SQLite (migrations 9 and 11). Each stored
// alert's keys go into recent_alert_keys, a temporary table of the store's connection
// held in memory, so a batch writes none of its pages to the WAL; once it holds enough
// keys, merge_if_due() moves them in one transaction into the large key tables
// (alert_signature_keys, alert_src_ip_keys, alert_dest_ip_keys), each inserted in its
// own key order, so a leaf of a large table takes many keys per write, and moves
// alert_keys_progress (the id up to which keys are merged) to the last merged alert.
// Searches read both (see sqlite_alert_search.hpp). The recent keys are derived data:
// load() rebuilds them from the alerts after that mark, so after a crash or restart
// they are what they were at the last commit. Not thread-safe: the store calls it under
// its lock.
#include <cstdint>
#include <optional>

#include "center/store/records.hpp"
#include "center/store/sqlite_connection.hpp"

namespace rampart::center::sqlite {

class AlertKeys {
 public:
  // Creates the recent keys' table of a store opened at schema version 11 or later
  // and fills it from the alerts whose keys are not merged.
  static StoreResult<AlertKeys> load(Connection& db);

  // Adds the keys of alert id, inside the caller's transaction.
  StoreResult<void> add(Connection& db, int64_t id, const IngestedAlert& alert);
  // After the caller's commit: count keys added (a rolled back batch is not counted).
  void committed(uint64_t keys) { recent_ += keys; }
  // Merges the recent keys into the key tables when they are due; one transaction.
  StoreResult<void> merge_if_due(Connection& db, int64_t last_alert_id);

  uint64_t recent() const { return recent_; }

 private:
  explicit AlertKeys(uint64_t recent) : recent_(recent) {}

  uint64_t recent_ = 0;
  std::optional<Statement> insert_;
};

// How many recent keys trigger a merge into key tables holding about stored_alerts.
uint64_t merge_threshold(int64_t stored_alerts);

}  // namespace rampart::center::sqlite
