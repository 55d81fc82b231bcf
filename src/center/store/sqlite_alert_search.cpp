#include "center/store/sqlite_alert_search.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <string_view>
#include <vector>

namespace rampart::center::sqlite {

namespace {

constexpr std::string_view kColumns =
    "SELECT a.id, a.time_us, s.name, a.signature_id, a.severity, a.signature, a.src_ip, a.dest_ip, a.eve";

// A key lookup that drives a page: the column of the key tables and its value;
// driver: it is the query's own filter on that column (not half of ip=).
struct Lookup {
  std::string_view column;
  SqlValue value;
  bool driver = true;
};

// ip= looks up both addresses; otherwise the first of signature, source and
// destination that is set drives (the others are checked on the rows).
std::vector<Lookup> lookups(const AlertQuery& query) {
  if (query.any_ip) return {{"src_ip", *query.any_ip, false}, {"dest_ip", *query.any_ip, false}};
  if (query.signature_id) return {{"signature_id", *query.signature_id}};
  if (query.src_ip) return {{"src_ip", *query.src_ip}};
  return {{"dest_ip", *query.dest_ip}};
}

std::string_view key_table(std::string_view column) {
  if (column == "signature_id") return "alert_signature_keys";
  if (column == "src_ip") return "alert_src_ip_keys";
  return "alert_dest_ip_keys";
}

// Every filter that is set, ANDed, but the one the driving key lookup already applies
// (driver); time and cursor on the columns of `keys` (the alias of the table whose
// index drives, so they are a range of that index). row_needed: a condition reads the
// alert row ("a").
struct Conditions {
  std::string sql;
  bool row_needed = false;
};

Conditions conditions(const AlertQuery& query, std::string_view keys, std::string_view driver, SqlClause& clause) {
  std::vector<std::string> on_keys;
  std::vector<std::string> on_row;
  if (query.since_us) on_keys.push_back(fmt::format("{}.time_us >= {}", keys, clause.bind(*query.since_us)));
  if (query.until_us) on_keys.push_back(fmt::format("{}.time_us < {}", keys, clause.bind(*query.until_us)));
  if (query.sensor)
    on_row.push_back(fmt::format("a.sensor_id = (SELECT id FROM sensors WHERE name = {})", clause.bind(*query.sensor)));
  if (query.signature_id && driver != "signature_id")
    on_row.push_back(fmt::format("a.signature_id = {}", clause.bind(*query.signature_id)));
  if (query.src_ip && driver != "src_ip") on_row.push_back(fmt::format("a.src_ip = {}", clause.bind(*query.src_ip)));
  if (query.dest_ip && driver != "dest_ip")
    on_row.push_back(fmt::format("a.dest_ip = {}", clause.bind(*query.dest_ip)));
  if (query.min_severity) on_row.push_back(fmt::format("a.severity <= {}", clause.bind(int64_t{*query.min_severity})));
  if (query.after)
    on_keys.push_back(fmt::format("({0}.time_us, {0}.id) < ({1}, {2})", keys, clause.bind(query.after->time_us),
                                  clause.bind(query.after->id)));
  bool row_needed = !on_row.empty();
  on_keys.insert(on_keys.end(), on_row.begin(), on_row.end());
  return Conditions{fmt::format("{}", fmt::join(on_keys, " AND ")), row_needed};
}

// keys: the table alias, or empty for the columns of a subquery.
std::string newest_first(std::string_view keys, int64_t rows, SqlClause& clause) {
  std::string prefix = keys.empty() ? std::string() : fmt::format("{}.", keys);
  return fmt::format(" ORDER BY {0}time_us DESC, {0}id DESC LIMIT {1}", prefix, clause.bind(rows));
}

// The ids of the newest page among the alerts of one key in one table; the alert rows
// are read only when a filter needs them, and then CROSS JOIN keeps the key table's
// index as the outer loop.
std::string side(std::string_view table, const Lookup& lookup, const AlertQuery& query, int64_t rows,
                 SqlClause& clause) {
  std::string where = fmt::format("k.{} = {}", lookup.column, clause.bind(lookup.value));
  auto filters = conditions(query, "k", lookup.driver ? lookup.column : std::string_view{}, clause);
  if (!filters.sql.empty()) where += " AND " + filters.sql;
  return fmt::format("SELECT id, time_us FROM (SELECT k.id, k.time_us FROM {} k{} WHERE {}{})", table,
                     filters.row_needed ? " CROSS JOIN alerts a ON a.id = k.id" : "", where,
                     newest_first("k", rows, clause));
}

}  // namespace

std::string alert_page_sql(const AlertQuery& query, SqlClause& clause) {
  auto filters = conditions(query, "a", {}, clause).sql;
  return fmt::format("{} FROM alerts a JOIN sensors s ON s.id = a.sensor_id{}{}{}", kColumns,
                     filters.empty() ? "" : " WHERE ", filters,
                     newest_first("a", static_cast<int64_t>(query.limit + 1), clause));
}

std::string key_page_sql(const AlertQuery& query, SqlClause& clause) {
  auto rows = static_cast<int64_t>(query.limit + 1);
  std::vector<std::string> sides;
  for (const auto& lookup : lookups(query)) sides.push_back(side(key_table(lookup.column), lookup, query, rows, clause));
  // With ip=, an alert from and to the address is on both sides: UNION drops the second.
  return fmt::format("SELECT id, time_us FROM ({}){}", fmt::join(sides, query.any_ip ? " UNION " : " UNION ALL "),
                     newest_first("", rows, clause));
}

std::string_view alert_rows_sql() {
  static const std::string sql = fmt::format("{} FROM alerts a JOIN sensors s ON s.id = a.sensor_id WHERE a.id IN ({})",
                                             kColumns, fmt::join(std::vector<std::string_view>(kRowsPerStatement, "?"), ", "));
  return sql;
}

void bind_all(Statement& statement, const std::vector<SqlValue>& params) {
  int index = 1;
  for (const auto& value : params) {
    if (const auto* number = std::get_if<int64_t>(&value))
      statement.bind(index++, *number);
    else
      statement.bind(index++, std::get<std::string>(value));
  }
}

}  // namespace rampart::center::sqlite
