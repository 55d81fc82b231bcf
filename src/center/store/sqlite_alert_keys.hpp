#pragma once
// Alert lookups by signature and address in SQLite (migrations 9 and 11). Each stored
// alert's keys wait in the process (RecentKeys, sqlite_recent_keys.hpp), so a batch
// writes no key pages at all; once enough have gathered, merge_if_due() moves them in
// one transaction into the large key tables (alert_signature_keys, alert_src_ip_keys,
// alert_dest_ip_keys), each inserted in its own key order, so a leaf of a large table
// takes many keys per write, and moves alert_keys_progress (the id up to which keys
// are merged) to the last merged alert. Searches read both (sqlite_alert_search.hpp
// and recent()). The recent keys are derived data: load() rebuilds them from the
// alerts after that mark, so after a crash or restart they are what they were at the
// last commit. Not thread-safe: the store calls it under its lock.
#include <cstdint>
#include <optional>
#include <span>

#include "center/store/records.hpp"
#include "center/store/sqlite_connection.hpp"
#include "center/store/sqlite_recent_keys.hpp"

namespace rampart::center::sqlite {

class AlertKeys {
 public:
  // Reads the keys of the alerts whose keys are not merged, in a store opened at
  // schema version 11 or later.
  static StoreResult<AlertKeys> load(Connection& db);

  // After the caller's commit: the keys of a batch's alerts, stored as ids by sensor_id.
  void committed(int64_t sensor_id, const std::vector<IngestedAlert>& alerts, std::span<const int64_t> ids);
  // Merges the recent keys into the key tables when they are due; one transaction.
  StoreResult<void> merge_if_due(Connection& db, int64_t last_alert_id);

  const RecentKeys& recent() const { return recent_; }

 private:
  AlertKeys() = default;
  StoreResult<void> merge(Connection& db);

  RecentKeys recent_;
};

// How many recent keys trigger a merge into key tables holding about stored_alerts.
uint64_t merge_threshold(int64_t stored_alerts);

}  // namespace rampart::center::sqlite
