#include "proto/dns/dns_message.hpp"

#include <array>

#include "proto/dns/dns_name.hpp"

namespace rampart::proto::dns {

namespace {

uint16_t be16(std::span<const uint8_t> b, size_t at) { return static_cast<uint16_t>((b[at] << 8) | b[at + 1]); }

uint32_t be32(std::span<const uint8_t> b, size_t at) {
  return (uint32_t{be16(b, at)} << 16) | be16(b, at + 2);
}

// Reads the name at `offset`, noting its anomalies; returns the offset past it,
// or 0 when it is malformed (no name ends at offset 0 of a message).
size_t skip_name(const Message& m, size_t offset, EventSet& events) {
  NameRead name = read_name(m.bytes, offset, nullptr);
  if (!name.valid) return 0;
  if (name.too_long) events.add(Event::NameTooLong);
  if (name.loop) events.add(Event::InfiniteLoop);
  if (name.too_many_labels) events.add(Event::TooManyLabels);
  return name.end;
}

constexpr size_t kQuestionFixedSize = 4;  // type, class
constexpr size_t kRecordFixedSize = 10;   // type, class, ttl, rdata length

// Reads `count` questions from `offset`; returns the offset past them or 0.
size_t read_questions(Message& m, size_t offset, uint16_t count) {
  for (uint16_t i = 0; i < count; ++i) {
    size_t end = skip_name(m, offset, m.events);
    if (end == 0 || end + kQuestionFixedSize > m.bytes.size()) return 0;
    m.questions.push_back({.name_offset = static_cast<uint32_t>(offset),
                           .type = be16(m.bytes, end),
                           .klass = be16(m.bytes, end + 2)});
    offset = end + kQuestionFixedSize;
  }
  return offset;
}

size_t read_records(Message& m, std::vector<Record>& out, size_t offset, uint16_t count) {
  for (uint16_t i = 0; i < count; ++i) {
    size_t end = skip_name(m, offset, m.events);
    if (end == 0 || end + kRecordFixedSize > m.bytes.size()) return 0;
    uint16_t rdata_length = be16(m.bytes, end + 8);
    size_t rdata_offset = end + kRecordFixedSize;
    if (rdata_offset + rdata_length > m.bytes.size()) return 0;
    out.push_back({.name_offset = static_cast<uint32_t>(offset),
                   .type = be16(m.bytes, end),
                   .klass = be16(m.bytes, end + 2),
                   .ttl = be32(m.bytes, end + 4),
                   .rdata_offset = static_cast<uint32_t>(rdata_offset),
                   .rdata_length = rdata_length});
    offset = rdata_offset + rdata_length;
  }
  return offset;
}

void clear(Message& m) {
  m.questions.clear();
  m.answers.clear();
  m.authorities.clear();
  m.additionals.clear();
  m.events.clear();
}

}  // namespace

bool read_header(std::span<const uint8_t> bytes, Header& h) {
  if (bytes.size() < Header::kSize) return false;
  h = {.id = be16(bytes, 0),
       .flags = be16(bytes, 2),
       .questions = be16(bytes, 4),
       .answers = be16(bytes, 6),
       .authorities = be16(bytes, 8),
       .additionals = be16(bytes, 10)};
  return true;
}

std::string_view event_name(Event event) {
  static constexpr std::array<std::string_view, kEventCount> kNames{
      "malformed_data", "not_request",   "not_response",       "z_flag_set",          "invalid_opcode",
      "name_too_long",  "infinite_loop", "too_many_labels",    "invalid_additionals", "invalid_authorities"};
  return kNames[static_cast<size_t>(event)];
}

bool parse_message(std::span<const uint8_t> bytes, Message& m) {
  clear(m);
  m.bytes = bytes;
  if (!read_header(bytes, m.header)) {
    m.events.add(Event::MalformedData);
    return false;
  }
  size_t offset = read_questions(m, Header::kSize, m.header.questions);
  if (offset != 0) offset = read_records(m, m.answers, offset, m.header.answers);
  if (offset == 0) {
    m.events.add(Event::MalformedData);
    return false;
  }
  offset = read_records(m, m.authorities, offset, m.header.authorities);
  if (offset == 0) {
    m.events.add(Event::InvalidAuthorities);
    return true;
  }
  if (read_records(m, m.additionals, offset, m.header.additionals) == 0) m.events.add(Event::InvalidAdditionals);
  return true;
}

bool plausible_header(const Header& h, size_t length) {
  // Every question or record takes at least two octets beyond the header.
  size_t entries = size_t{h.questions} + h.answers + h.authorities + h.additionals;
  return Header::kSize + 2 * entries <= length;
}

bool plausible_message(std::span<const uint8_t> bytes, size_t claimed_length) {
  Header h;
  if (!read_header(bytes, h) || !plausible_header(h, claimed_length)) return false;
  if (bytes.size() < claimed_length) return true;
  Message m;
  m.bytes = bytes.first(claimed_length);
  return read_questions(m, Header::kSize, h.questions) != 0;
}

}  // namespace rampart::proto::dns
