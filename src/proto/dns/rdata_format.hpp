#pragma once
// Record data rendered as one line of text ("rdata"): addresses, names, raw
// strings, and compact summaries of the structured types.
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "proto/dns/dns_message.hpp"

namespace rampart::proto::dns {

inline std::string_view as_text(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Raw bytes as Suricata logs them in text: as they are when they are UTF-8,
// else with every byte above 0x7f written as \xNN (lowercase hex).
void append_bytes_text(std::string& out, std::span<const uint8_t> bytes);

// Lowercase hex, octets joined by `separator` ('\0' for none).
void append_hex(std::string& out, std::span<const uint8_t> bytes, char separator);

struct RdataText {
  bool valid = false;      // false: the rdata does not parse as its type
  bool truncated = false;  // a name in it was longer than 255 octets and was cut
};

// Replaces `out` with the record's data as text.
RdataText format_rdata(const Message& m, const Record& r, std::string& out);

}  // namespace rampart::proto::dns
