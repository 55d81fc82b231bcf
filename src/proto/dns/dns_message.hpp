#pragma once
// One DNS message (RFC 1035 4.1) parsed as a view: the header, and for every
// question and resource record the offsets of its name and data in the borrowed
// message bytes. Names and rdata are decoded only when logged. A Message is
// reused from one message to the next so its vectors keep their storage.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace rampart::proto::dns {

struct Header {
  static constexpr size_t kSize = 12;
  uint16_t id = 0, flags = 0;
  uint16_t questions = 0, answers = 0, authorities = 0, additionals = 0;

  bool is_response() const { return (flags & 0x8000) != 0; }
  uint8_t opcode() const { return static_cast<uint8_t>((flags >> 11) & 0xF); }
  uint8_t rcode() const { return static_cast<uint8_t>(flags & 0xF); }
  bool z() const { return (flags & 0x0040) != 0; }
};

bool read_header(std::span<const uint8_t> bytes, Header& header);

// Suricata's DNS app-layer events, in its order.
enum class Event : uint8_t {
  MalformedData,
  NotRequest,
  NotResponse,
  ZFlagSet,
  InvalidOpcode,
  NameTooLong,
  InfiniteLoop,
  TooManyLabels,
  InvalidAdditionals,
  InvalidAuthorities,
};
inline constexpr size_t kEventCount = 10;
// The name Suricata logs for the event, e.g. "malformed_data".
std::string_view event_name(Event event);

class EventSet {
 public:
  void add(Event e) { bits_ |= bit(e); }
  bool has(Event e) const { return (bits_ & bit(e)) != 0; }
  bool empty() const { return bits_ == 0; }
  void clear() { bits_ = 0; }

 private:
  static uint16_t bit(Event e) { return static_cast<uint16_t>(1u << static_cast<unsigned>(e)); }
  uint16_t bits_ = 0;
};

struct Question {
  uint32_t name_offset = 0;
  uint16_t type = 0, klass = 0;
};

struct Record {
  uint32_t name_offset = 0;
  uint16_t type = 0, klass = 0;
  uint32_t ttl = 0;
  uint32_t rdata_offset = 0;
  uint16_t rdata_length = 0;
};

struct Message {
  std::span<const uint8_t> bytes;
  Header header;
  std::vector<Question> questions;
  std::vector<Record> answers, authorities, additionals;
  EventSet events;

  std::span<const uint8_t> rdata(const Record& r) const { return bytes.subspan(r.rdata_offset, r.rdata_length); }
};

// Parses `bytes` into `message`. False when the header, a question or an answer
// is cut short or malformed (MalformedData is then among message.events); broken
// authority or additional sections only raise their events and end the parse.
bool parse_message(std::span<const uint8_t> bytes, Message& message);

// Do the header's counts fit a message of `length` octets?
bool plausible_header(const Header& h, size_t length);

// Is this plausibly the start of a DNS message of `claimed_length` octets? The
// header's counts must fit that length and, when the whole message is present,
// its questions must parse.
bool plausible_message(std::span<const uint8_t> bytes, size_t claimed_length);

}  // namespace rampart::proto::dns
