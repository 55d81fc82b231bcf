#pragma once
// Per-flow bounds of the HTTP/1 parser: every buffer a flow can grow is capped
// here, so a hostile peer cannot make one flow hold unbounded memory.
#include <cstddef>
#include <cstdint>

#include "proto/file_store.hpp"

namespace rampart::proto::http1 {

struct HttpLimits {
  size_t max_line = 18000;                   // request/status/header line (libhtp's field limit)
  size_t max_header_bytes = 64 * 1024;       // names + values kept per message
  size_t max_headers = 1024;                 // header fields kept per message
  size_t request_body_capture = 100 * 1024;  // request body bytes kept for detection
  size_t response_body_capture = 100 * 1024;  // response body bytes (decoded) kept for detection
  size_t max_open_transactions = 64;         // pipelined requests still waiting for a response
  size_t max_connect_stash = 4096;           // client bytes held while a CONNECT awaits its answer
  uint64_t max_decompressed = 1 << 20;       // libhtp's compression bomb limit
  uint32_t max_ratio = 2048;                 // decompressed/compressed bytes before "bomb"
  uint32_t max_decompress_layers = 2;        // Content-Encoding layers undone (libhtp's layer limit)
  uint8_t file_hashes = 0;                   // digests computed of each body (proto::file_hash bits)
  FileStore* file_store = nullptr;           // where files may be stored (nullptr: none are)
};

}  // namespace rampart::proto::http1
