#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::tls {

// TLS over TCP, found by its first handshake record on any port.
Protocol tls_protocol();

}  // namespace rampart::proto::tls
