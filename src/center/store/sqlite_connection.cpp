#include "center/store/sqlite_connection.hpp"

#include <fmt/format.h>

namespace rampart::center::sqlite {

Statement& Statement::bind(int index, int64_t value) {
  if (bind_status_ == SQLITE_OK) bind_status_ = sqlite3_bind_int64(stmt_.get(), index, value);
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  if (bind_status_ == SQLITE_OK)
    bind_status_ = sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_unowned(int index, std::string_view value) {
  if (bind_status_ == SQLITE_OK)
    bind_status_ = sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8);
  return *this;
}

Statement& Statement::bind_null(int index) {
  if (bind_status_ == SQLITE_OK) bind_status_ = sqlite3_bind_null(stmt_.get(), index);
  return *this;
}

Statement& Statement::bind(int index, const std::optional<int64_t>& value) {
  return value ? bind(index, *value) : bind_null(index);
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
  bind_status_ = SQLITE_OK;
}

StoreResult<bool> Statement::step() {
  if (bind_status_ != SQLITE_OK)
    return std::unexpected(StoreError{fmt::format("sqlite bind: {}", sqlite3_errstr(bind_status_))});
  int status = sqlite3_step(stmt_.get());
  if (status == SQLITE_ROW) return true;
  if (status == SQLITE_DONE) return false;
  return std::unexpected(StoreError{fmt::format("sqlite: {}", sqlite3_errmsg(db_))});
}

StoreResult<void> Statement::run() {
  auto stepped = step();
  if (!stepped) return std::unexpected(stepped.error());
  return {};
}

std::string Statement::text(int column) const {
  const auto* bytes = sqlite3_column_text(stmt_.get(), column);
  if (bytes == nullptr) return {};
  return {reinterpret_cast<const char*>(bytes), static_cast<size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

StoreResult<Connection> Connection::open(const std::string& path) {
  return open_with(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
}

StoreResult<Connection> Connection::open_read_only(const std::string& path) {
  return open_with(path, SQLITE_OPEN_READONLY);
}

StoreResult<Connection> Connection::open_with(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int status = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Connection connection(raw);
  if (status != SQLITE_OK) return std::unexpected(connection.error(fmt::format("cannot open {}", path)));
  sqlite3_busy_timeout(raw, 10000);
  return connection;
}

StoreResult<Statement> Connection::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) != SQLITE_OK)
    return std::unexpected(error("prepare"));
  return Statement(db_.get(), stmt);
}

StoreResult<void> Connection::exec(const std::string& sql) {
  if (sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) return std::unexpected(error("exec"));
  return {};
}

StoreError Connection::error(std::string_view what) const {
  return StoreError{fmt::format("sqlite {}: {}", what, db_ ? sqlite3_errmsg(db_.get()) : "out of memory")};
}

StoreResult<Transaction> Transaction::begin(Connection& connection) {
  if (auto begun = connection.exec("BEGIN IMMEDIATE"); !begun) return std::unexpected(begun.error());
  return Transaction(connection);
}

StoreResult<Transaction> Transaction::begin_read(Connection& connection) {
  if (auto begun = connection.exec("BEGIN DEFERRED"); !begun) return std::unexpected(begun.error());
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (open_) (void)connection_->exec("ROLLBACK");
}

StoreResult<void> Transaction::commit() {
  auto committed = connection_->exec("COMMIT");
  if (committed) open_ = false;
  return committed;
}

}  // namespace rampart::center::sqlite
