#include "proto/ftp/ftp_protocol.hpp"

#include "proto/ftp/ftp_parser.hpp"
#include "proto/smtp/text_probe.hpp"

namespace rampart::proto::ftp {

namespace {

ProbeResult probe(Direction dir, std::span<const uint8_t> data) {
  if (dir == Direction::ToServer) return text::probe_command(data, {"USER ", "AUTH ", "FEAT", "SYST"});
  return text::probe_greeting(data, "FTP");
}

}  // namespace

Protocol ftp_protocol() {
  return {.name = "ftp",
          .stats_name = "",
          .stats_name_udp = "",
          .tcp = true,
          .udp = false,
          .ports = {21},
          .port_required = false,
          .probe = probe,
          .make_parser = make_ftp_parser};
}

}  // namespace rampart::proto::ftp
