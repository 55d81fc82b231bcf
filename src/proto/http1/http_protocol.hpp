#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::http1 {

// HTTP/1.0 and 1.1 over TCP.
Protocol http_protocol();

// Does data start like an HTTP request (toward the server) or response?
ProbeResult probe_http(Direction dir, std::span<const uint8_t> data);

}  // namespace rampart::proto::http1
