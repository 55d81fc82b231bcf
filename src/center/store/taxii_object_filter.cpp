#include "center/store/taxii_object_filter.hpp"

#include <fmt/format.h>

namespace rampart::center {

std::string SqlClause::bind(SqlValue value) {
  params_.push_back(std::move(value));
  return fmt::format("{}{}", prefix_, params_.size());
}

std::string SqlClause::bind_list(const std::vector<std::string>& values) {
  std::string out = "(";
  for (const auto& value : values) out += (out.size() > 1 ? ", " : "") + bind(value);
  return out + ")";
}

std::string SqlClause::bind_list(const std::vector<int64_t>& values) {
  std::string out = "(";
  for (int64_t value : values) out += (out.size() > 1 ? ", " : "") + bind(value);
  return out + ")";
}

std::string taxii_visibility_condition(const TaxiiViewer& viewer, std::string_view alias, SqlClause& clause) {
  std::string condition = fmt::format("({0}.tlp <= {1} OR {0}.organisation_id = {2}", alias,
                                      static_cast<int>(StoredTlp::green), clause.bind(viewer.organisation_id));
  if (viewer.amber_allowed) condition += fmt::format(" OR {}.tlp = {}", alias, static_cast<int>(StoredTlp::amber));
  return condition + ")";
}

std::string taxii_object_condition(const TaxiiObjectQuery& query, SqlClause& clause) {
  std::string collection = fmt::format("(SELECT id FROM taxii_collections WHERE uuid = {})", clause.bind(query.collection_id));
  std::string condition = fmt::format("o.collection_id = {} AND {}", collection,
                                      taxii_visibility_condition(query.viewer, "o", clause));
  // One lower bound on date_added_us, the stricter of added_after and the cursor: given
  // both, SQLite seeks to added_after and filters every row up to the cursor (139 ms
  // ten batches into a million objects instead of 3 ms).
  bool cursor_decides = query.after && (!query.added_after_us || *query.added_after_us < query.after->date_added_us);
  if (query.added_after_us && !cursor_decides)
    condition += fmt::format(" AND o.date_added_us > {}", clause.bind(*query.added_after_us));
  if (!query.ids.empty()) condition += " AND o.stix_id IN " + clause.bind_list(query.ids);
  if (!query.types.empty()) condition += " AND o.type IN " + clause.bind_list(query.types);
  if (!query.spec_versions.empty()) condition += " AND o.spec_version IN " + clause.bind_list(query.spec_versions);
  if (query.version_match == VersionMatch::at) condition += " AND o.version_ns IN " + clause.bind_list(query.versions_ns);
  if (query.version_match == VersionMatch::first || query.version_match == VersionMatch::last) {
    // The first or last version among those the viewer may see, so hidden versions never show through.
    condition += fmt::format(
        " AND o.version_ns = (SELECT {}(v.version_ns) FROM taxii_objects v WHERE v.collection_id = o.collection_id "
        "AND v.stix_id = o.stix_id AND {})",
        query.version_match == VersionMatch::first ? "MIN" : "MAX", taxii_visibility_condition(query.viewer, "v", clause));
  }
  // A row-value comparison: PostgreSQL seeks the (collection_id, date_added_us, id)
  // index to it, where the equivalent OR made it sort every row after added_after.
  // SQLite seeks on the first column only, hence the plain bound beside it.
  if (cursor_decides) {
    std::string date = clause.bind(query.after->date_added_us);
    condition += fmt::format(" AND o.date_added_us >= {0} AND (o.date_added_us, o.id) > ({0}, {1})", date,
                             clause.bind(query.after->row_id));
  }
  return condition;
}

std::string taxii_listing_sql(const TaxiiObjectQuery& query, SqlClause& clause) {
  std::string condition = taxii_object_condition(query, clause);
  std::string limit = clause.bind(static_cast<int64_t>(query.limit + 1));
  // With match[id] the few rows are found by the (collection, stix id) index and
  // sorted; "+" keeps both planners from walking the date index for its order instead
  // (SQLite without statistics did: 3 to 5 s per request at a million objects).
  std::string_view order = query.ids.empty() ? "o.date_added_us, o.id" : "+o.date_added_us, +o.id";
  return fmt::format(
      "SELECT o.id, o.stix_id, o.type, o.spec_version, o.version, o.date_added_us, o.object, o.organisation_id, "
      "o.privacy_filtered FROM taxii_objects o WHERE {} ORDER BY {} LIMIT {}",
      condition, order, limit);
}

}  // namespace rampart::center
