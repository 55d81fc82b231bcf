#include "proto/dns/dns_protocol.hpp"

#include "proto/dns/dns_message.hpp"
#include "proto/dns/dns_parser.hpp"

namespace rampart::proto::dns {

namespace {

ProbeResult probe_datagram(std::span<const uint8_t> data) {
  return plausible_message(data, data.size()) ? ProbeResult::Match : ProbeResult::NoMatch;
}

ProbeResult probe_stream(std::span<const uint8_t> data) {
  if (data.size() < 2) return ProbeResult::NeedMore;
  size_t length = (size_t{data[0]} << 8) | data[1];
  auto message = data.subspan(2);
  if (message.size() < Header::kSize) return length >= Header::kSize ? ProbeResult::NeedMore : ProbeResult::NoMatch;
  if (!plausible_message(message, length)) return ProbeResult::NoMatch;
  return message.size() < length ? ProbeResult::NeedMore : ProbeResult::Match;
}

// A query travels to the server and a response to the client: one seen the other
// way matches only as the other direction, which reverses the flow where the
// direction is not sure (UDP, a TCP midstream pick-up), as Suricata's DNS probe does.
bool travels_its_way(Direction dir, std::span<const uint8_t> message) {
  Header h;
  return read_header(message, h) && h.is_response() == (dir == Direction::ToClient);
}

// The probe is not told the transport, so it accepts either framing: a bare
// message (a datagram) or a length-prefixed one (a stream, which may need more).
ProbeResult probe(Direction dir, std::span<const uint8_t> data) {
  if (probe_datagram(data) == ProbeResult::Match)
    return travels_its_way(dir, data) ? ProbeResult::Match : ProbeResult::NoMatch;
  ProbeResult as_stream = probe_stream(data);
  if (as_stream == ProbeResult::Match && !travels_its_way(dir, data.subspan(2))) return ProbeResult::NoMatch;
  return as_stream;
}

// dns.rcode's names, as Suricata's enumeration (RFC 1035 and RFC 2136 codes).
std::vector<WordValue> rcode_words() {
  return {{"noerror", "0"}, {"formerr", "1"}, {"servfail", "2"}, {"nxdomain", "3"},
          {"notimp", "4"},  {"refused", "5"}, {"yxdomain", "6"}, {"yxrrset", "7"},
          {"nxrrset", "8"}, {"notauth", "9"}, {"notzone", "10"}};
}

}  // namespace

Protocol dns_protocol() {
  return {.name = "dns",
          .stats_name = "dns_tcp",
          .stats_name_udp = "dns_udp",
          .tcp = true,
          .udp = true,
          .ports = {53},
          .port_required = true,
          .probe = probe,
          .make_parser = make_dns_parser,
          .buffers = {{.name = "dns.query", .side = BufferSide::ToServer, .aliases = {"dns_query"}},
                      {.name = "dns.queries.rrname"},
                      {.name = "dns.answers.rrname", .aliases = {"dns.answer.name"}},
                      {.name = "dns.authorities.rrname"},
                      {.name = "dns.additionals.rrname"},
                      {.name = "dns.response.rrname", .side = BufferSide::ToClient},
                      {.name = "dns.opcode", .use = BufferUse::Number},
                      {.name = "dns.rcode", .use = BufferUse::Number, .words = rcode_words()},
                      {.name = "dns.rrtype", .use = BufferUse::Number}},
          .frames = {{"dns.pdu"}},
          .stream_frame = "dns.stream"};
}

}  // namespace rampart::proto::dns
