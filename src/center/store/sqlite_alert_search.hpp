#pragma once
// The SQL of Store::alerts in SQLite: newest first by (time, id), read in that order
// from an index, never a sort of all matches. Without a signature or address filter,
// one statement walks the time index and checks the other filters on the rows. With
// one (uses_key_tables()), key_page_sql() reads the newest page of ids from the large
// key tables (ip= merges those of both addresses), the store merges it with the recent
// keys' page (sqlite_recent_keys.hpp) and reads the page's rows by id. A cursor is a
// row-value range on (time, id).
#include <cstddef>
#include <string>
#include <string_view>

#include "center/store/records.hpp"
#include "center/store/sqlite_connection.hpp"
#include "center/store/taxii_object_filter.hpp"

namespace rampart::center::sqlite {

// Columns: id, time_us, sensor name, signature_id, severity, signature, src_ip,
// dest_ip, eve; the newest query.limit + 1 matches (one more tells there is a next
// page), newest first. For a query without signature or address filter.
// The parameters land in clause (placeholder prefix '?').
std::string alert_page_sql(const AlertQuery& query, SqlClause& clause);

// Columns: id, time_us of the newest query.limit + 1 matches in the key tables, in no
// particular order. For a query with a signature or address filter.
std::string key_page_sql(const AlertQuery& query, SqlClause& clause);

// How many ids one statement of alert_rows_sql takes (parameters 1 to
// kRowsPerStatement; a NULL one matches nothing): a page of up to 1,001 rows is read in
// a few statements of one shape.
inline constexpr size_t kRowsPerStatement = 64;

// The columns of alert_page_sql for the alerts whose ids are bound, in id order.
std::string_view alert_rows_sql();

// Binds a clause's parameters to 1, 2, ... in order.
void bind_all(Statement& statement, const std::vector<SqlValue>& params);

}  // namespace rampart::center::sqlite
