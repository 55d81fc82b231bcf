#pragma once
// The query parameters of TAXII 2.1 object listings: added_after, limit (1..1000,
// default 100), next (the opaque cursor this server hands out), match[id],
// match[type], match[version] (first, last, all or timestamps; default last) and
// match[spec_version], each a comma-separated list. Which parameters an endpoint
// takes is given by the caller; anything else, or a malformed value, is an error
// message for a 400.
#include <expected>
#include <map>
#include <string>

#include "center/store/sharing_records.hpp"

namespace rampart::center::taxii {

inline constexpr size_t kMaxPageSize = 1000;
inline constexpr size_t kDefaultPageSize = 100;

enum TaxiiParameter : unsigned {
  kAddedAfter = 1,
  kLimit = 2,
  kNext = 4,
  kMatchId = 8,
  kMatchType = 16,
  kMatchVersion = 32,
  kMatchSpecVersion = 64,
};

// Fills the filter fields of query (not collection_id or viewer) from params.
std::expected<void, std::string> parse_object_query(const std::map<std::string, std::string>& params, unsigned allowed,
                                                    TaxiiObjectQuery& query);

std::string encode_next(const TaxiiCursor& cursor);

// Nanoseconds since the epoch of a STIX timestamp, or nullopt.
std::optional<int64_t> timestamp_ns(std::string_view text);

}  // namespace rampart::center::taxii
