#pragma once
#include "proto/protocol.hpp"

namespace rampart::proto::ftp_data {

// FTP data channels over TCP. Never found by probing (no ports, no content
// signature): a flow speaks it when it takes an expectation an FTP control
// channel announced.
Protocol ftp_data_protocol();

}  // namespace rampart::proto::ftp_data
