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
          .make_parser = make_ftp_parser,
          .buffers = {{.name = "ftp.command", .side = BufferSide::ToServer},
                      {.name = "ftp.command_data", .side = BufferSide::ToServer},
                      {.name = "ftp.reply", .side = BufferSide::ToClient},
                      {.name = "ftp.completion_code", .side = BufferSide::ToClient},
                      {.name = "ftp.mode",
                       .use = BufferUse::Word,
                       .words = {{"active", "active"}, {"passive", "passive"}}},
                      {.name = "ftp.reply_received",
                       .use = BufferUse::Word,
                       .words = {{"yes", "yes"}, {"on", "yes"}, {"no", "no"}, {"off", "no"}}},
                      {.name = "ftp.dynamic_port", .use = BufferUse::Number}},
          .frames = {{"ftp.command_line", BufferSide::ToServer}, {"ftp.response_line", BufferSide::ToClient}},
          .stream_frame = "ftp.stream"};
}

}  // namespace rampart::proto::ftp
