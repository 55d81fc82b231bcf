#include "proto/ftp_data/ftp_data_protocol.hpp"

#include "proto/ftp_data/ftp_data_parser.hpp"

namespace rampart::proto::ftp_data {

namespace {

// Data channels carry any bytes: nothing in them tells they are one.
ProbeResult never(Direction, std::span<const uint8_t>) { return ProbeResult::NoMatch; }

}  // namespace

Protocol ftp_data_protocol() {
  return {.name = "ftp-data",
          .stats_name = "ftp_data",
          .stats_name_udp = "",
          .tcp = true,
          .udp = false,
          .ports = {},
          .port_required = true,
          .probe = never,
          .make_parser = make_ftp_data_parser,
          .buffers = {}};
}

}  // namespace rampart::proto::ftp_data
