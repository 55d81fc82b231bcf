#pragma once
// Thin RAII layer over libpq: a connection, results, parameterised statements in
// text format, and a transaction guard. Failures come back as StoreError values
// carrying the server's message.
#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "center/store/store.hpp"

namespace rampart::center::pg {

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
  void operator()(PGresult* result) const { PQclear(result); }
};

class Rows {
 public:
  explicit Rows(PGresult* result) : result_(result) {}
  int size() const { return PQntuples(result_.get()); }
  bool is_null(int row, int column) const { return PQgetisnull(result_.get(), row, column) != 0; }
  std::string text(int row, int column) const { return PQgetvalue(result_.get(), row, column); }
  int64_t integer(int row, int column) const;

 private:
  std::unique_ptr<PGresult, ResultClearer> result_;
};

using Param = std::optional<std::string>;  // nullopt is SQL NULL

class Connection {
 public:
  static StoreResult<Connection> open(const std::string& conninfo);

  // One statement with $1.. parameters.
  StoreResult<Rows> query(std::string_view sql, const std::vector<Param>& params = {});
  // Several statements without parameters (migrations).
  StoreResult<void> exec_script(const std::string& sql);
  // Runs sql, a COPY ... FROM STDIN, with rows already in COPY's text format.
  StoreResult<void> copy_from(const std::string& sql, std::string_view rows);

 private:
  explicit Connection(PGconn* connection) : connection_(connection) {}
  std::unique_ptr<PGconn, ConnectionCloser> connection_;
};

// Commits on commit(), rolls back when destroyed uncommitted.
class Transaction {
 public:
  static StoreResult<Transaction> begin(Connection& connection);
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

inline Param param(int64_t value) { return std::to_string(value); }
inline Param param(std::string_view value) { return std::string(value); }
inline Param param(const std::optional<int64_t>& value) { return value ? param(*value) : std::nullopt; }

}  // namespace rampart::center::pg
