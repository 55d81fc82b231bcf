#pragma once
// The JSON of GET /api/v1/alerts, written straight into the response body. The bytes
// are those nlohmann::json's dump (error_handler replace, no indent) gives for the same
// values: keys in its order (sorted), strings escaped alike, invalid UTF-8 replaced by
// U+FFFD. Strings of printable ASCII, nearly all of them, are copied as they are; any
// other string goes through nlohmann's own escaping.
#include <string>
#include <string_view>

#include "center/store/records.hpp"

namespace rampart::center {

// Appends text as a JSON string (with its quotes).
void append_json_string(std::string& out, std::string_view text);

// Appends one alert of a page: its fields and "event", the stored EVE object as is
// (ingest accepted it only as a valid JSON object in UTF-8), or null when empty.
void append_alert_json(std::string& out, const StoredAlert& stored);

}  // namespace rampart::center
