#include "proto/dns/dns_parser.hpp"

#include "proto/dns/dns_eve.hpp"

namespace rampart::proto::dns {

namespace {

size_t index_of(Direction dir) { return static_cast<size_t>(dir); }

// Opcodes 7 and above are unassigned (RFC 6895 2.2 and its updates).
constexpr uint8_t kFirstInvalidOpcode = 7;

// A message's events; those of a parsed message belong to its transaction.
void report(const EventSet& events, EventSink& sink, uint64_t tx_id = 0, const EveFields* tx = nullptr) {
  for (size_t i = 0; i < kEventCount; ++i) {
    auto e = static_cast<Event>(i);
    if (!events.has(e)) continue;
    if (tx != nullptr) {
      sink.transaction_anomaly(event_name(e), tx_id, *tx);
    } else {
      sink.anomaly(event_name(e));
    }
  }
}

bool starts_with_framed_message(std::span<const uint8_t> bytes) {
  if (bytes.size() < 2) return false;
  size_t length = (size_t{bytes[0]} << 8) | bytes[1];
  return plausible_message(bytes.subspan(2), length);
}

}  // namespace

bool DnsParser::parse(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  if (!over_tcp_) {
    handle_message(dir, bytes, sink);  // a bad datagram does not end the flow
    return true;
  }
  return parse_stream(dir, bytes, sink);
}

bool DnsParser::parse_stream(Direction dir, std::span<const uint8_t> bytes, EventSink& sink) {
  bool& resyncing = resyncing_[index_of(dir)];
  TcpFramer& framer = framers_[index_of(dir)];
  if (resyncing) {
    if (!starts_with_framed_message(bytes)) {  // still inside the lost message
      framer.skip(bytes.size());
      return true;
    }
    resyncing = false;
  }
  return framer.feed(bytes, [&](std::span<const uint8_t> message) {
    return handle_message(dir, message, sink, framer.message_offset());
  });
}

void DnsParser::gap(Direction dir, uint32_t length, EventSink&) {
  if (!over_tcp_) return;
  framers_[index_of(dir)].reset();
  framers_[index_of(dir)].skip(length);
  resyncing_[index_of(dir)] = true;
}

void DnsParser::report_frame(Direction dir, std::span<const uint8_t> bytes, std::optional<uint64_t> stream_offset,
                             std::optional<uint64_t> tx_id, const EveFields* tx, EventSink& sink) {
  if (!sink.wants_frames()) return;
  sink.frame(Frame{"dns.pdu", dir, frame_ids_.next(dir), stream_offset, bytes, tx_id}, tx);
}

bool DnsParser::handle_message(Direction dir, std::span<const uint8_t> bytes, EventSink& sink,
                               std::optional<uint64_t> stream_offset) {
  // Like Suricata, bytes whose header cannot be DNS are dropped without an event.
  if (Header header; !read_header(bytes, header) || !plausible_header(header, bytes.size())) return false;
  bool parsed = parse_message(bytes, message_);
  bool response = dir == Direction::ToClient;
  const Header& h = message_.header;
  if (parsed && h.is_response() != response) {
    message_.events.add(response ? Event::NotResponse : Event::NotRequest);
    parsed = false;
  }
  if (parsed) {
    if (h.z()) message_.events.add(Event::ZFlagSet);
    if (h.opcode() >= kFirstInvalidOpcode) message_.events.add(Event::InvalidOpcode);
    uint64_t tx_id = next_tx_id_++;
    MessageFields fields(message_, response, tx_id, scratch_);
    sink.transaction("dns", tx_id, LogDirection::Packet, fields);
    report_frame(dir, bytes, stream_offset, tx_id, &fields, sink);
    report(message_.events, sink, tx_id, &fields);
    return true;
  }
  report_frame(dir, bytes, stream_offset, std::nullopt, nullptr, sink);
  report(message_.events, sink);
  return false;
}

std::unique_ptr<AppParser> make_dns_parser(bool over_tcp) { return std::make_unique<DnsParser>(over_tcp); }

}  // namespace rampart::proto::dns
