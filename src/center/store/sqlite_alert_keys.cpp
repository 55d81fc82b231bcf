#include "center/store/sqlite_alert_keys.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <shared_mutex>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace rampart::center::sqlite {

namespace {

constexpr std::string_view kLoad =
    "SELECT id, time_us, sensor_id, signature_id, severity, src_ip, dest_ip FROM alerts "
    "WHERE id > (SELECT alert_id FROM alert_keys_progress) ORDER BY id";

constexpr uint64_t kFewestMergedKeys = 16384;

// The positions of alerts in the order of one key table's primary key (key, time, id),
// so the merge walks that table's leaves once, front to back.
template <typename Key>
std::vector<uint32_t> key_order(const std::vector<RecentAlert>& alerts, Key key) {
  std::vector<uint32_t> order(alerts.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(key(alerts[a]), alerts[a].time_us, alerts[a].id) <
           std::tie(key(alerts[b]), alerts[b].time_us, alerts[b].id);
  });
  return order;
}

// Rows per INSERT in a merge: one statement per row spent most of the merge starting
// and ending statements.
constexpr size_t kRowsPerInsert = 64;

std::string insert_sql(std::string_view table, size_t rows) {
  std::string sql = fmt::format("INSERT INTO {} VALUES ", table);
  for (size_t i = 0; i < rows; ++i) sql += i ? ", (?, ?, ?)" : "(?, ?, ?)";
  return sql;
}

// Texts are bound without copies: the alerts outlive each step.
void bind_key(Statement& insert, int index, int64_t key) { insert.bind(index, key); }
void bind_key(Statement& insert, int index, const std::string& key) { insert.bind_unowned(index, key); }

// Appends the keys to one key table, kRowsPerInsert rows per statement.
template <typename Key>
StoreResult<void> insert_keys(Connection& db, std::string_view table, const std::vector<RecentAlert>& alerts, Key key) {
  auto order = key_order(alerts, key);
  std::optional<Statement> full;
  std::optional<Statement> tail;
  for (size_t first = 0; first < order.size(); first += kRowsPerInsert) {
    size_t rows = std::min(kRowsPerInsert, order.size() - first);
    auto& insert = rows == kRowsPerInsert ? full : tail;
    if (!insert) {
      auto prepared = db.prepare(insert_sql(table, rows));
      if (!prepared) return std::unexpected(prepared.error());
      insert.emplace(std::move(*prepared));
    }
    insert->reset();
    for (size_t i = 0; i < rows; ++i) {
      const RecentAlert& alert = alerts[order[first + i]];
      int column = static_cast<int>(3 * i);
      bind_key(*insert, column + 1, key(alert));
      insert->bind(column + 2, alert.time_us).bind(column + 3, alert.id);
    }
    if (auto ran = insert->run(); !ran) return ran;
  }
  return {};
}

}  // namespace

// Per stored alert, a merge costs about (leaves of a key table) / threshold page
// writes, while every signature or address search scans the recent keys and each
// holds about 150 bytes of memory: the square root keeps both modest (126k keys,
// about 19 MB, at ten million alerts); below the floor a merge is cheap anyway.
uint64_t merge_threshold(int64_t stored_alerts) {
  double balanced = std::sqrt(1600.0 * static_cast<double>(std::max<int64_t>(stored_alerts, 0)));
  return std::max(kFewestMergedKeys, static_cast<uint64_t>(balanced));
}

StoreResult<AlertKeys> AlertKeys::load(Connection& db) {
  auto query = db.prepare(kLoad);
  if (!query) return std::unexpected(query.error());
  AlertKeys keys;
  while (true) {
    auto row = query->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    keys.recent_.add(RecentAlert{query->integer(0), query->integer(1), query->integer(2), query->integer(3),
                                 static_cast<int>(query->integer(4)), query->text(5), query->text(6)});
  }
  return keys;
}

void AlertKeys::staged(int64_t sensor_id, const std::vector<IngestedAlert>& alerts, std::span<const int64_t> ids) {
  std::unique_lock lock(mutex_);
  for (size_t i = 0; i < ids.size(); ++i) {
    const IngestedAlert& alert = alerts[i];
    recent_.add(RecentAlert{ids[i], alert.time_us, sensor_id, alert.signature_id, alert.severity, alert.src_ip,
                            alert.dest_ip});
  }
}

void AlertKeys::unstaged(size_t count) {
  std::unique_lock lock(mutex_);
  recent_.drop_last(count);
}

// The writer alone changes recent_, so it reads it for the merge without the lock.
StoreResult<void> AlertKeys::merge_if_due(Connection& db, int64_t last_alert_id) {
  if (recent_.size() < merge_threshold(last_alert_id)) return {};
  if (auto merged = merge(db); !merged) return merged;
  std::unique_lock lock(mutex_);
  recent_.clear();
  return {};
}

StoreResult<std::vector<AlertCursor>> AlertKeys::newest_seen_by(Statement& snapshot, const AlertQuery& query,
                                                                size_t rows) const {
  std::shared_lock lock(mutex_);
  auto row = snapshot.step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::unexpected(StoreError{"sqlite: no snapshot row"});
  IdRange ids{snapshot.integer(0), snapshot.integer(1)};
  std::optional<int64_t> sensor_id;
  if (!snapshot.is_null(2)) sensor_id = snapshot.integer(2);
  return recent_.newest(query, sensor_id, rows, ids);
}

StoreResult<void> AlertKeys::merge(Connection& db) {
  const auto& alerts = recent_.alerts();
  auto transaction = Transaction::begin(db);
  if (!transaction) return std::unexpected(transaction.error());
  auto signature = [](const RecentAlert& a) -> const int64_t& { return a.signature_id; };
  auto source = [](const RecentAlert& a) -> const std::string& { return a.src_ip; };
  auto destination = [](const RecentAlert& a) -> const std::string& { return a.dest_ip; };
  if (auto done = insert_keys(db, "alert_signature_keys", alerts, signature); !done) return done;
  if (auto done = insert_keys(db, "alert_src_ip_keys", alerts, source); !done) return done;
  if (auto done = insert_keys(db, "alert_dest_ip_keys", alerts, destination); !done) return done;
  auto progress = db.prepare("UPDATE alert_keys_progress SET alert_id = MAX(alert_id, ?)");
  if (!progress) return std::unexpected(progress.error());
  if (auto moved = progress->bind(1, alerts.back().id).run(); !moved) return moved;
  return transaction->commit();
}

}  // namespace rampart::center::sqlite
