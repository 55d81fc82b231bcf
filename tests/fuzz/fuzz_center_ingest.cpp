// Fuzzes the center's ingest body handling: bytes that start like gzip are inflated
// first (bounded), as for Content-Encoding: gzip; the result is parsed as NDJSON
// EVE. A successful parse must account for every non-empty line.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "center/ingest/gzip.hpp"
#include "center/ingest/ndjson_batch.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  std::string inflated;
  if (body.size() >= 2 && body[0] == '\x1f' && body[1] == '\x8b') {
    auto out = rampart::center::gunzip(body, 1 << 20);
    if (!out) return 0;
    inflated = std::move(*out);
    body = inflated;
  }
  auto batch = rampart::center::parse_ndjson_batch(body);
  if (batch && batch->alerts.size() + batch->other_event_total() > body.size()) std::abort();
  return 0;
}
