#include "center/store/postgres_connection.hpp"

#include <fmt/format.h>

#include <charconv>

namespace rampart::center::pg {

namespace {

std::string first_line(const char* message) {
  std::string text = message == nullptr ? "" : message;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

int64_t Rows::integer(int row, int column) const {
  const char* text = PQgetvalue(result_.get(), row, column);
  int64_t value = 0;
  std::from_chars(text, text + PQgetlength(result_.get(), row, column), value);
  return value;
}

StoreResult<Connection> Connection::open(const std::string& conninfo) {
  Connection connection(PQconnectdb(conninfo.c_str()));
  if (!connection.connection_) return std::unexpected(StoreError{"postgres: out of memory"});
  if (PQstatus(connection.connection_.get()) != CONNECTION_OK)
    return std::unexpected(StoreError{fmt::format("postgres connect: {}", first_line(PQerrorMessage(connection.connection_.get())))});
  // Server notices ("relation already exists, skipping") are not errors; keep them off stderr.
  PQsetNoticeProcessor(connection.connection_.get(), [](void*, const char*) {}, nullptr);
  return connection;
}

StoreResult<Rows> Connection::query(std::string_view sql, const std::vector<Param>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& p : params) values.push_back(p ? p->c_str() : nullptr);
  std::string statement(sql);
  PGresult* result = PQexecParams(connection_.get(), statement.c_str(), static_cast<int>(values.size()), nullptr,
                                  values.data(), nullptr, nullptr, 0);
  Rows rows(result);
  auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return std::unexpected(StoreError{fmt::format("postgres: {}", first_line(PQerrorMessage(connection_.get())))});
  return rows;
}

StoreResult<void> Connection::exec_script(const std::string& sql) {
  std::unique_ptr<PGresult, ResultClearer> result(PQexec(connection_.get(), sql.c_str()));
  auto status = PQresultStatus(result.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
    return std::unexpected(StoreError{fmt::format("postgres: {}", first_line(PQerrorMessage(connection_.get())))});
  return {};
}

StoreResult<void> Connection::copy_from(const std::string& sql, std::string_view rows) {
  PGconn* connection = connection_.get();
  std::unique_ptr<PGresult, ResultClearer> started(PQexec(connection, sql.c_str()));
  if (PQresultStatus(started.get()) != PGRES_COPY_IN)
    return std::unexpected(StoreError{fmt::format("postgres: {}", first_line(PQerrorMessage(connection)))});
  constexpr size_t kChunk = 1 << 20;
  bool sent = true;
  for (size_t at = 0; sent && at < rows.size(); at += kChunk) {
    auto part = rows.substr(at, kChunk);
    sent = PQputCopyData(connection, part.data(), static_cast<int>(part.size())) == 1;
  }
  bool ended = PQputCopyEnd(connection, sent ? nullptr : "client failed to send the rows") == 1;
  std::string failure;
  while (PGresult* raw = PQgetResult(connection)) {
    std::unique_ptr<PGresult, ResultClearer> result(raw);
    if (PQresultStatus(raw) != PGRES_COMMAND_OK && failure.empty()) failure = first_line(PQerrorMessage(connection));
  }
  if (!sent || !ended || !failure.empty())
    return std::unexpected(StoreError{fmt::format("postgres copy: {}", failure.empty() ? first_line(PQerrorMessage(connection)) : failure)});
  return {};
}

StoreResult<Transaction> Transaction::begin(Connection& connection) {
  if (auto begun = connection.exec_script("BEGIN"); !begun) return std::unexpected(begun.error());
  return Transaction(connection);
}

Transaction::~Transaction() {
  if (open_) (void)connection_->exec_script("ROLLBACK");
}

StoreResult<void> Transaction::commit() {
  auto committed = connection_->exec_script("COMMIT");
  if (committed) open_ = false;
  return committed;
}

}  // namespace rampart::center::pg
