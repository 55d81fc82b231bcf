#include "center/store/sqlite_alert_readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <utility>

#include "center/store/sqlite_alert_search.hpp"
#include "center/store/sqlite_recent_keys.hpp"

namespace rampart::center::sqlite {

namespace {

std::unexpected<StoreError> fail(const StoreError& error) { return std::unexpected(error); }

// A reader's own page cache (64 MB) holds the interior pages of the alerts and key
// tables of about ten million alerts, so reading a row by id copies one page from the
// kernel's cache, not three (16 MB cost a search 20% more CPU). Temporary b-trees
// (ip= search's UNION) stay in memory, as in the writer.
StoreResult<void> configure_reader(Connection& connection) {
  for (const char* pragma : {"PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY"})
    if (auto set = connection.exec(pragma); !set) return set;
  return {};
}

// Up to limit + 1 alerts, newest first: the one past limit becomes the cursor.
AlertPage cut_page(std::vector<StoredAlert> alerts, size_t limit) {
  AlertPage page{std::move(alerts), {}};
  if (page.alerts.size() > limit) {
    page.alerts.resize(limit);
    page.next = AlertCursor{page.alerts.back().alert.time_us, page.alerts.back().id};
  }
  return page;
}

// The token's principal: one row of kPrincipalOfTokenSql.
constexpr const char* kPrincipalOfTokenSql =
    "SELECT t.id, t.role, t.user_id, t.sensor_id, COALESCE(u.name, s.name) FROM api_tokens t "
    "LEFT JOIN users u ON u.id = t.user_id LEFT JOIN sensors s ON s.id = t.sensor_id WHERE t.token_hash = ?";

// An alert id and its position in the page.
using IdAt = std::pair<int64_t, size_t>;

// Binds ids (id, position) to a statement of alert_rows_sql, NULL to its other places.
void bind_ids(Statement& statement, std::span<const IdAt> ids) {
  statement.reset();
  for (size_t i = 0; i < kRowsPerStatement; ++i) {
    int parameter = static_cast<int>(i) + 1;
    if (i < ids.size())
      statement.bind(parameter, ids[i].first);
    else
      statement.bind_null(parameter);
  }
}

// Steps a statement of alert_rows_sql whose rows are the alerts of ids (id, position),
// ascending, into slots at their positions; an id without a row leaves its slot empty.
StoreResult<void> read_rows(Statement& statement, std::span<const IdAt> ids,
                            std::vector<std::optional<StoredAlert>>& slots) {
  auto next = ids.begin();
  while (true) {
    auto row = statement.step();
    if (!row) return fail(row.error());
    if (!*row) return {};
    int64_t id = statement.integer(0);
    while (next != ids.end() && next->first < id) ++next;
    for (; next != ids.end() && next->first == id; ++next) slots[next->second] = stored_alert(statement);
  }
}

StoreResult<Principal> principal_of_token(const Statement& row) {
  auto role = parse_role(row.text(1));
  if (!role) return fail(StoreError{fmt::format("token {} has an unknown role", row.integer(0))});
  Principal principal;
  principal.token_id = row.integer(0);
  principal.role = *role;
  principal.name = row.text(4);
  if (!row.is_null(2)) principal.user_id = row.integer(2);
  if (!row.is_null(3)) principal.sensor_id = row.integer(3);
  return principal;
}

}  // namespace

StoredAlert stored_alert(const Statement& row) {
  return StoredAlert{row.integer(0), row.text(2),
                     IngestedAlert{row.integer(1), row.integer(3), static_cast<int>(row.integer(4)), row.text(5),
                                   row.text(6), row.text(7), row.text(8), ""}};
}

// One read-only connection and its prepared statements, used by one thread at a time.
struct AlertReaders::Reader {
  Connection db;
  std::map<std::string, Statement, std::less<>> statements;

  // The statement of sql, prepared once and reset for another run.
  StoreResult<Statement*> statement(std::string_view sql) {
    constexpr size_t kMostShapes = 64;
    if (auto known = statements.find(sql); known != statements.end()) {
      known->second.reset();
      return &known->second;
    }
    auto prepared = db.prepare(sql);
    if (!prepared) return fail(prepared.error());
    if (statements.size() == kMostShapes) statements.clear();
    return &statements.emplace(std::string(sql), std::move(*prepared)).first->second;
  }

  StoreResult<AlertPage> page_by_time(const AlertQuery& query);
  StoreResult<AlertPage> keyed_page(const AlertQuery& query, const AlertKeys& keys);
  StoreResult<std::vector<StoredAlert>> rows_of(const std::vector<AlertCursor>& keys);
};

// Gives the reader back to the pool when the search is done.
class AlertReaders::Lease {
 public:
  Lease(AlertReaders& pool, std::unique_ptr<Reader> reader) : pool_(pool), reader_(std::move(reader)) {}
  ~Lease() { pool_.give_back(std::move(reader_)); }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  Reader& operator*() const { return *reader_; }

 private:
  AlertReaders& pool_;
  std::unique_ptr<Reader> reader_;
};

AlertReaders::AlertReaders(std::string path, const AlertKeys& keys) : path_(std::move(path)), keys_(keys) {}

AlertReaders::~AlertReaders() = default;

StoreResult<std::unique_ptr<AlertReaders::Reader>> AlertReaders::take() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto reader = std::move(idle_.back());
      idle_.pop_back();
      return reader;
    }
  }
  auto connection = Connection::open_read_only(path_);
  if (!connection) return fail(connection.error());
  if (auto configured = configure_reader(*connection); !configured) return fail(configured.error());
  return std::make_unique<Reader>(Reader{std::move(*connection), {}});
}

void AlertReaders::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(reader));
}

StoreResult<std::optional<Principal>> AlertReaders::find_token(const std::string& token_hash) {
  auto taken = take();
  if (!taken) return fail(taken.error());
  Lease reader(*this, std::move(*taken));
  auto query = (*reader).statement(kPrincipalOfTokenSql);
  if (!query) return fail(query.error());
  (*query)->bind(1, token_hash);
  auto row = (*query)->step();
  if (!row) return fail(row.error());
  std::optional<Principal> found;
  if (*row) {
    auto principal = principal_of_token(**query);
    if (!principal) return fail(principal.error());
    found = std::move(*principal);
  }
  (*query)->reset();  // ends the read
  return found;
}

StoreResult<AlertPage> AlertReaders::search(const AlertQuery& query) {
  auto taken = take();
  if (!taken) return fail(taken.error());
  Lease reader(*this, std::move(*taken));
  if (uses_key_tables(query)) return (*reader).keyed_page(query, keys_);
  return (*reader).page_by_time(query);
}

// One statement: its own snapshot.
StoreResult<AlertPage> AlertReaders::Reader::page_by_time(const AlertQuery& query) {
  SqlClause clause('?');
  auto statement = this->statement(alert_page_sql(query, clause));
  if (!statement) return fail(statement.error());
  bind_all(**statement, clause.params());
  std::vector<StoredAlert> alerts;
  while (true) {
    auto row = (*statement)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    alerts.push_back(stored_alert(**statement));
  }
  (*statement)->reset();  // ends the read now: an open read holds back checkpoints
  return cut_page(std::move(alerts), query.limit);
}

// In one read transaction: the newest page of the recent keys and that of the key
// tables, merged; then the page's rows, read by id (no alert row is read for a key
// that misses the page).
StoreResult<AlertPage> AlertReaders::Reader::keyed_page(const AlertQuery& query, const AlertKeys& keys) {
  size_t rows = query.limit + 1;
  auto transaction = Transaction::begin_read(db);
  if (!transaction) return fail(transaction.error());
  auto snapshot = statement(AlertKeys::kSnapshotSql);
  if (!snapshot) return fail(snapshot.error());
  if (query.sensor) (*snapshot)->bind(1, *query.sensor);
  auto recent = keys.newest_seen_by(**snapshot, query, rows);
  if (!recent) return fail(recent.error());
  std::vector<AlertCursor> page = std::move(*recent);
  SqlClause clause('?');
  auto key_page = statement(key_page_sql(query, clause));
  if (!key_page) return fail(key_page.error());
  bind_all(**key_page, clause.params());
  while (true) {
    auto row = (*key_page)->step();
    if (!row) return fail(row.error());
    if (!*row) break;
    page.push_back(AlertCursor{(*key_page)->integer(1), (*key_page)->integer(0)});
  }
  keep_newest(page, rows);
  auto alerts = rows_of(page);
  if (!alerts) return fail(alerts.error());
  for (auto& [sql, used] : statements) used.reset();  // a statement left mid-way would keep the read open
  if (auto ended = transaction->commit(); !ended) return fail(ended.error());
  return cut_page(std::move(*alerts), query.limit);
}

// The rows of keys' alerts, in that order: kRowsPerStatement at a time, ids ascending
// (SQLite seeks them in that order through the alerts' b-tree; one statement run
// instead of a reset, bind and step per row).
StoreResult<std::vector<StoredAlert>> AlertReaders::Reader::rows_of(const std::vector<AlertCursor>& keys) {
  std::vector<IdAt> by_id;
  by_id.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) by_id.emplace_back(keys[i].id, i);
  std::ranges::sort(by_id);
  auto query = statement(alert_rows_sql());
  if (!query) return fail(query.error());
  std::vector<std::optional<StoredAlert>> slots(keys.size());
  for (size_t first = 0; first < by_id.size(); first += kRowsPerStatement) {
    size_t count = std::min(kRowsPerStatement, by_id.size() - first);
    auto ids = std::span<const IdAt>(by_id).subspan(first, count);
    bind_ids(**query, ids);
    if (auto read = read_rows(**query, ids, slots); !read) return fail(read.error());
  }
  std::vector<StoredAlert> out;
  out.reserve(keys.size());
  for (auto& slot : slots)
    if (slot) out.push_back(std::move(*slot));
  return out;
}

}  // namespace rampart::center::sqlite
