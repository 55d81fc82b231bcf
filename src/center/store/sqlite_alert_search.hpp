#pragma once
// The SQL of one page of Store::alerts in SQLite: newest first by (time, id), read in
// that order from an index, never a sort of all matches. A signature or address
// filter reads the large key tables and the recent keys (sqlite_alert_keys.hpp) and
// merges their newest pages (ip= merges those of both addresses); the other filters
// are checked on the alert rows. A cursor is a row-value range on (time, id).
#include <string>

#include "center/store/records.hpp"
#include "center/store/taxii_object_filter.hpp"

namespace rampart::center::sqlite {

// Columns: id, time_us, sensor name, signature_id, severity, signature, src_ip,
// dest_ip, eve; the newest query.limit + 1 matches (one more tells there is a next
// page), in no particular order: the caller sorts them.
// The parameters land in clause (placeholder prefix '?').
std::string alert_page_sql(const AlertQuery& query, SqlClause& clause);

}  // namespace rampart::center::sqlite
