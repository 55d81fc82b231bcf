#pragma once
// Internal to the stores: the WHERE clause of a TAXII object query, shared by the
// SQLite and PostgreSQL dialects (numbered placeholders: "?1" or "$1"). It applies
// the filters and the TLP visibility rule (docs/taxii.md): TLP CLEAR and GREEN to
// every reader, AMBER (and unmarked objects) to members of the collection's read
// groups, AMBER+STRICT and RED only to the publishing organisation.
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "center/store/sharing_records.hpp"

namespace rampart::center {

using SqlValue = std::variant<int64_t, std::string>;

class SqlClause {
 public:
  explicit SqlClause(char placeholder_prefix) : prefix_(placeholder_prefix) {}

  // The next placeholder, bound to value.
  std::string bind(SqlValue value);
  // "(p1, p2, ...)" for a list.
  std::string bind_list(const std::vector<std::string>& values);
  std::string bind_list(const std::vector<int64_t>& values);

  const std::vector<SqlValue>& params() const { return params_; }

 private:
  char prefix_;
  std::vector<SqlValue> params_;
};

// "o" is the alias of taxii_objects in the returned condition.
std::string taxii_object_condition(const TaxiiObjectQuery& query, SqlClause& clause);

// The whole listing query: the columns of a StoredTaxiiObject in order, the
// condition above, in (date_added, id) order, one row more than the limit (to tell
// whether there are more).
std::string taxii_listing_sql(const TaxiiObjectQuery& query, SqlClause& clause);

// The visibility rule alone, for the table alias given.
std::string taxii_visibility_condition(const TaxiiViewer& viewer, std::string_view alias, SqlClause& clause);

}  // namespace rampart::center
