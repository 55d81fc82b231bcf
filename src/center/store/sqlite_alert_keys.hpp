#pragma once
// Alert lookups by signature and address in SQLite (migrations 9 and 11). Each stored
// alert's keys wait in the process (RecentKeys, sqlite_recent_keys.hpp), so a batch
// writes no key pages at all; once enough have gathered, merge_if_due() moves them in
// one transaction into the large key tables (alert_signature_keys, alert_src_ip_keys,
// alert_dest_ip_keys), each inserted in its own key order, so a leaf of a large table
// takes many keys per write, and moves alert_keys_progress (the id up to which keys
// are merged) to the last merged alert. Searches read both (sqlite_alert_search.hpp
// and newest_seen_by()). The recent keys are derived data: load() rebuilds them from the
// alerts after that mark, so after a crash or restart they are what they were at the
// last commit.
//
// One writer (the store, under its lock) and any number of searches on read-only
// connections, each in its own read transaction (snapshot). A search must see in the
// recent keys exactly the alerts after its snapshot's alert_keys_progress up to its
// snapshot's last alert: no fewer (a merge it does not see must not hide its keys), no
// more (rows it cannot read). So the writer adds a batch's keys before its commit and
// clears merged keys only after the merge's commit, both under the exclusive lock;
// newest_seen_by() fixes the search's snapshot and reads the recent keys under the
// shared lock, filtered to that snapshot's id range. Whatever the snapshot then is, the
// recent keys hold a superset of its range. The lock is held for the snapshot's first
// read and one scan of the arrays, never for the key tables or the alert rows.
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string_view>

#include "center/store/records.hpp"
#include "center/store/sqlite_connection.hpp"
#include "center/store/sqlite_recent_keys.hpp"

namespace rampart::center::sqlite {

class AlertKeys {
 public:
  // Reads the keys of the alerts whose keys are not merged, in a store opened at
  // schema version 11 or later.
  static StoreResult<AlertKeys> load(Connection& db);
  // Before any search shares it (a mutex does not move).
  AlertKeys(AlertKeys&& other) noexcept : recent_(std::move(other.recent_)) {}

  // Before the caller's commit: the keys of a batch's alerts, inserted as ids by sensor_id.
  void staged(int64_t sensor_id, const std::vector<IngestedAlert>& alerts, std::span<const int64_t> ids);
  // The commit of the last staged batch failed: forgets its count keys.
  void unstaged(size_t count);
  // Merges the recent keys into the key tables when they are due; one transaction.
  StoreResult<void> merge_if_due(Connection& db, int64_t last_alert_id);

  // A search's snapshot: alert_keys_progress, the last alert id and the id of the
  // sensor whose name is bound to parameter 1 (NULL: none).
  static constexpr std::string_view kSnapshotSql =
      "SELECT (SELECT alert_id FROM alert_keys_progress), (SELECT COALESCE(MAX(id), 0) FROM alerts), "
      "(SELECT id FROM sensors WHERE name = ?)";
  // Steps snapshot (kSnapshotSql, bound), the first read of the caller's read
  // transaction, and returns the newest `rows` recent keys of that snapshot that match
  // query (RecentKeys::newest, with the sensor's id when query.sensor is set).
  StoreResult<std::vector<AlertCursor>> newest_seen_by(Statement& snapshot, const AlertQuery& query,
                                                       size_t rows) const;

 private:
  AlertKeys() = default;
  StoreResult<void> merge(Connection& db);

  mutable std::shared_mutex mutex_;  // writes: the store's writer; reads: searches
  RecentKeys recent_;
};

// How many recent keys trigger a merge into key tables holding about stored_alerts.
uint64_t merge_threshold(int64_t stored_alerts);

}  // namespace rampart::center::sqlite
