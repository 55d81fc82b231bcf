#pragma once
// Store::alerts in SQLite on read-only connections of its own: a pool that holds one
// connection per thread searching at the same time (opened on first need, kept after),
// so a search never waits for the writer's lock or another search; SQLite's WAL lets
// each reader keep its snapshot beside the writer. A signature or address search reads
// the recent keys, the key tables and the rows within one snapshot (AlertKeys::
// newest_seen_by, sqlite_alert_keys.hpp); the others are one statement. Token lookups
// run on the same connections. Each connection keeps up to 64 MB of pages.
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "center/store/records.hpp"
#include "center/store/sqlite_alert_keys.hpp"
#include "center/store/sqlite_connection.hpp"

namespace rampart::center::sqlite {

class AlertReaders {
 public:
  // path: the store's database, created and migrated by the writer; keys must outlive this.
  AlertReaders(std::string path, const AlertKeys& keys);
  ~AlertReaders();
  AlertReaders(const AlertReaders&) = delete;
  AlertReaders& operator=(const AlertReaders&) = delete;

  StoreResult<AlertPage> search(const AlertQuery& query);
  // Store::find_token on a reader: every API request makes one, so it must not wait
  // for the writer (a batch's commit, a merge) either.
  StoreResult<std::optional<Principal>> find_token(const std::string& token_hash);

 private:
  struct Reader;
  class Lease;
  StoreResult<std::unique_ptr<Reader>> take();
  void give_back(std::unique_ptr<Reader> reader);

  std::string path_;
  const AlertKeys& keys_;
  std::mutex mutex_;  // guards idle_
  std::vector<std::unique_ptr<Reader>> idle_;
};

// One alert from the columns of alert_page_sql (sqlite_alert_search.hpp).
StoredAlert stored_alert(const Statement& row);

}  // namespace rampart::center::sqlite
