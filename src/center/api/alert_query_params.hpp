#pragma once
// Turns the query parameters of GET /api/v1/alerts into an AlertQuery, and the
// page position into the opaque `next` cursor and back. Unknown parameters and bad
// values are errors naming the parameter.
#include <expected>
#include <map>
#include <optional>
#include <string>

#include "center/store/records.hpp"

namespace rampart::center {

constexpr size_t kDefaultAlertLimit = 100;
constexpr size_t kMaxAlertLimit = 1000;

std::expected<AlertQuery, std::string> parse_alert_query(const std::map<std::string, std::string>& params);

std::string encode_cursor(const AlertCursor& cursor);
std::optional<AlertCursor> decode_cursor(std::string_view text);

}  // namespace rampart::center
