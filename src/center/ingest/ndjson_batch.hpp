#pragma once
// Parses an ingest body: NDJSON, one EVE event object per line (empty lines and a
// final line without "\n" are fine; "\r\n" endings too). Every line must be a JSON
// object with a string "event_type" and an EVE "timestamp"; alert lines also need
// integer alert.signature_id and alert.severity, and string alert.signature,
// alert.category, src_ip and dest_ip (without NUL) when present. Every line is fully
// validated (simdjson DOM), also the fields the center does not read. The first bad
// line fails the whole batch with its 1-based line number, so a batch is stored all
// or nothing.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>

#include "center/store/records.hpp"

namespace rampart::center {

struct IngestError {
  size_t line = 0;  // 1-based; 0 when the body as a whole is wrong
  std::string detail;
};

std::expected<EventBatch, IngestError> parse_ndjson_batch(std::string_view body);

}  // namespace rampart::center
