#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::ssh {

// SSH over TCP, found by an identification line ("SSH-") from either side.
Protocol ssh_protocol();

}  // namespace rampart::proto::ssh
