#include "proto/smtp/smtp_protocol.hpp"

#include "proto/smtp/smtp_parser.hpp"
#include "proto/smtp/text_probe.hpp"

namespace rampart::proto::smtp {

namespace {

ProbeResult probe(Direction dir, std::span<const uint8_t> data) {
  if (dir == Direction::ToServer) return text::probe_command(data, {"EHLO ", "HELO ", "EHLO\r", "HELO\r", "EHLO\n", "HELO\n"});
  return text::probe_greeting(data, "SMTP");
}

}  // namespace

Protocol smtp_protocol() {
  return {.name = "smtp",
          .stats_name = "",
          .stats_name_udp = "",
          .tcp = true,
          .udp = false,
          .ports = {25, 587},
          .port_required = false,
          .probe = probe,
          .make_parser = make_smtp_parser};
}

}  // namespace rampart::proto::smtp
