#pragma once
// Thin RAII layer over the SQLite C API: a connection and prepared statements whose
// failures come back as StoreError values naming the SQLite message.
#include <sqlite3.h>

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "center/store/store.hpp"

namespace rampart::center::sqlite {

struct ConnectionCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StatementFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

  Statement& bind(int index, int64_t value);
  Statement& bind(int index, std::string_view value);
  // Binds without a copy: value must stay unchanged until the statement is reset.
  Statement& bind_unowned(int index, std::string_view value);
  Statement& bind_null(int index);
  Statement& bind(int index, const std::optional<int64_t>& value);

  // Makes the statement ready to be bound and run again.
  void reset();

  // Advances to the next row: true with a row, false when done.
  StoreResult<bool> step();
  // Runs a statement that returns no rows.
  StoreResult<void> run();

  int64_t integer(int column) const { return sqlite3_column_int64(stmt_.get(), column); }
  bool is_null(int column) const { return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL; }
  std::string text(int column) const;

 private:
  sqlite3* db_;
  std::unique_ptr<sqlite3_stmt, StatementFinalizer> stmt_;
  int bind_status_ = SQLITE_OK;
};

class Connection {
 public:
  static StoreResult<Connection> open(const std::string& path);
  // A connection that can only read (SQLITE_OPEN_READONLY); the database must exist.
  static StoreResult<Connection> open_read_only(const std::string& path);

  StoreResult<Statement> prepare(std::string_view sql);
  // Runs one or more statements without parameters.
  StoreResult<void> exec(const std::string& sql);
  int64_t last_insert_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  // For the C API calls this layer does not wrap (hooks, checkpoints).
  sqlite3* handle() const { return db_.get(); }
  StoreError error(std::string_view what) const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  static StoreResult<Connection> open_with(const std::string& path, int flags);
  std::unique_ptr<sqlite3, ConnectionCloser> db_;
};

// Commits on commit(), rolls back when destroyed uncommitted.
class Transaction {
 public:
  // A write transaction: takes the write lock at once.
  static StoreResult<Transaction> begin(Connection& connection);
  // A read transaction: its snapshot is fixed by its first read and kept until it ends.
  static StoreResult<Transaction> begin_read(Connection& connection);
  Transaction(Transaction&& other) noexcept : connection_(other.connection_), open_(other.open_) { other.open_ = false; }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  StoreResult<void> commit();

 private:
  explicit Transaction(Connection& connection) : connection_(&connection), open_(true) {}
  Connection* connection_;
  bool open_;
};

}  // namespace rampart::center::sqlite
