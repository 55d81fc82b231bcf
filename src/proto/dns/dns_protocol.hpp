#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::dns {

// DNS over UDP and TCP on port 53 (detected by port, as Suricata does).
Protocol dns_protocol();

}  // namespace rampart::proto::dns
