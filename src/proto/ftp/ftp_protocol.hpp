#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::ftp {

// The FTP control channel over TCP (port 21), found by a client's first command
// (USER, AUTH, FEAT, SYST) or a server's 220 greeting that names FTP.
Protocol ftp_protocol();

}  // namespace rampart::proto::ftp
