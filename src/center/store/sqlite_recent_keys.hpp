#pragma once
// The keys of the alerts not yet merged into SQLite's key tables (sqlite_alert_keys.hpp),
// held in the process: per alert what a search filters on. Adding an alert appends to
// a few arrays where a table in SQLite cost a B-tree insert per index. newest() answers the recent
// half of a signature or address search with every filter of the query applied; the
// store merges that with the key tables' page. Not thread-safe: AlertKeys guards it.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "center/store/records.hpp"

namespace rampart::center::sqlite {

// What a search filters on, for one stored alert.
struct RecentAlert {
  int64_t id = 0;
  int64_t time_us = 0;
  int64_t sensor_id = 0;
  int64_t signature_id = 0;
  int severity = 0;
  std::string src_ip;
  std::string dest_ip;
};

// The alert ids a search may see: after < id <= through.
struct IdRange {
  int64_t after = 0;
  int64_t through = std::numeric_limits<int64_t>::max();
};

class RecentKeys {
 public:
  // Alerts come in id order (the store's insert order).
  void add(RecentAlert alert);
  // Drops the last count alerts added (a batch whose commit failed).
  void drop_last(size_t count);
  void clear();
  size_t size() const { return alerts_.size(); }
  const std::vector<RecentAlert>& alerts() const { return alerts_; }

  // The (time, id) of the newest `rows` recent alerts that match query, newest first.
  // The query must filter by signature or address (uses_key_tables()); sensor_id is
  // the id of query.sensor when set (nullopt: no such sensor, so nothing matches).
  // Only alerts whose ids are in ids count.
  std::vector<AlertCursor> newest(const AlertQuery& query, std::optional<int64_t> sensor_id, size_t rows,
                                  IdRange ids = {}) const;

 private:
  // True when no alert before position can be on the page: all are older than since,
  // or than the oldest of `rows` found (found is then cut to its newest `rows`).
  bool nothing_newer_before(size_t position, const AlertQuery& query, std::vector<AlertCursor>& found,
                            size_t rows) const;

  std::vector<RecentAlert> alerts_;
  // The keys again, one array each (addresses as hashes), so a search scans a few
  // contiguous arrays and checks the whole alert only where its key matches: cheaper
  // to keep than a hash index (a map node and a vector per new address).
  std::vector<int64_t> signature_ids_;
  std::vector<uint64_t> src_ip_hashes_;
  std::vector<uint64_t> dest_ip_hashes_;
  // The newest time among the alerts up to each position: a scan from the newest end
  // stops where nothing before can be on the page.
  std::vector<int64_t> newest_time_through_;
};

// A search that a signature or address filter drives through the key tables.
bool uses_key_tables(const AlertQuery& query);

// Keeps the newest `rows` of keys (by time, then id), newest first.
void keep_newest(std::vector<AlertCursor>& keys, size_t rows);

}  // namespace rampart::center::sqlite
