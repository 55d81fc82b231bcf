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
          .make_parser = make_smtp_parser,
          .buffers = {{.name = "smtp.helo", .side = BufferSide::ToServer},
                      {.name = "smtp.mail_from", .side = BufferSide::ToServer},
                      {.name = "smtp.rcpt_to", .side = BufferSide::ToServer},
                      {.name = "email.from", .side = BufferSide::ToServer},
                      {.name = "email.subject", .side = BufferSide::ToServer},
                      {.name = "email.to", .side = BufferSide::ToServer},
                      {.name = "email.cc", .side = BufferSide::ToServer},
                      {.name = "email.date", .side = BufferSide::ToServer},
                      {.name = "email.message_id", .side = BufferSide::ToServer},
                      {.name = "email.x_mailer", .side = BufferSide::ToServer},
                      {.name = "email.received", .side = BufferSide::ToServer},
                      {.name = "email.url", .side = BufferSide::ToServer}},
          .frames = {{"smtp.command_line", BufferSide::ToServer}, {"smtp.response_line", BufferSide::ToClient}},
          .stream_frame = "smtp.stream"};
}

}  // namespace rampart::proto::smtp
