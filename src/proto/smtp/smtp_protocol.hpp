#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::smtp {

// SMTP over TCP (ports 25 and 587), found by a client's EHLO/HELO or a server's
// 220 greeting that names SMTP.
Protocol smtp_protocol();

}  // namespace rampart::proto::smtp
