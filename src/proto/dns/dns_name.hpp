#pragma once
// Domain names on the wire (RFC 1035 4.1.4): length-prefixed labels, possibly
// ending in a compression pointer to an earlier (or, tolerated as resolvers do,
// later) offset of the message. Reading one is bounded whatever the bytes say:
// pointer hops and labels are counted, and the text kept stops at 255 octets.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace rampart::proto::dns {

// RFC 1035's limit on a name's length.
inline constexpr size_t kMaxNameLength = 255;

// A name as dotted text (the root is empty), cut at kMaxNameLength.
struct NameText {
  std::array<char, kMaxNameLength> chars{};
  size_t length = 0;
  std::string_view view() const { return {chars.data(), length}; }
};

struct NameRead {
  bool valid = false;            // false: runs off the message or uses a reserved label type
  size_t end = 0;                // offset just past the name where it is written
  bool too_long = false;         // longer than kMaxNameLength; the text is cut
  bool loop = false;             // too many pointer hops: a compression loop
  bool too_many_labels = false;  // more labels than a 255-octet name can hold
};

// Reads the name at `offset` of `message`; fills `text` when given.
NameRead read_name(std::span<const uint8_t> message, size_t offset, NameText* text);

}  // namespace rampart::proto::dns
