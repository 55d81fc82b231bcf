#include "detect/inspect_asn1.hpp"

#include <optional>

namespace rampart::detect {

namespace {

constexpr uint8_t kClassUniversal = 0;
constexpr uint32_t kTagBitString = 3;
constexpr uint32_t kTagReal = 9;
constexpr uint32_t kMaxRealLength = 256;

struct BerHeader {
  uint8_t tag_class = 0;
  bool constructed = false;
  uint32_t tag = 0;
  bool indefinite = false;
  uint64_t length = 0;
};

// Reads BER elements from a byte range, evaluating the checks on each complete element.
class BerChecker {
 public:
  BerChecker(const Asn1Check& check, std::span<const uint8_t> data) : check_(check), data_(data) {}

  // Decodes top-level elements until the data ends or does not decode; true when a
  // completely decoded element tripped a check.
  bool run() {
    bool tripped = false;
    size_t frames = 0;
    while (pos_ < data_.size()) {
      if (frames++ >= kAsn1MaxFrames) return false;
      auto element = element_tripped(kAsn1MaxFrames);
      if (!element) break;
      tripped = tripped || *element;
    }
    return tripped;
  }

 private:
  std::optional<uint8_t> next_byte() {
    if (pos_ >= data_.size()) return std::nullopt;
    return data_[pos_++];
  }

  std::optional<BerHeader> read_header() {
    auto identifier = next_byte();
    if (!identifier) return std::nullopt;
    BerHeader header;
    header.tag_class = static_cast<uint8_t>(*identifier >> 6);
    header.constructed = (*identifier & 0x20) != 0;
    header.tag = *identifier & 0x1fu;
    if (header.tag == 0x1f && !read_long_tag(header)) return std::nullopt;
    auto first = next_byte();
    if (!first) return std::nullopt;
    if (*first < 0x80) {
      header.length = *first;
    } else if (*first == 0x80) {
      if (!header.constructed) return std::nullopt;
      header.indefinite = true;
    } else {
      size_t count = *first & 0x7fu;
      if (count > 8) return std::nullopt;
      for (size_t i = 0; i < count; ++i) {
        auto byte = next_byte();
        if (!byte) return std::nullopt;
        header.length = (header.length << 8) | *byte;
      }
    }
    return header;
  }

  bool read_long_tag(BerHeader& header) {
    header.tag = 0;
    for (int i = 0; i < 4; ++i) {
      auto byte = next_byte();
      if (!byte) return false;
      header.tag = (header.tag << 7) | (*byte & 0x7fu);
      if ((*byte & 0x80) == 0) return true;
    }
    return false;
  }

  // Decodes one element (and its children); nullopt when it does not decode.
  std::optional<bool> element_tripped(size_t depth) {
    if (depth == 0) return std::nullopt;
    auto header = read_header();
    if (!header) return std::nullopt;
    if (header->indefinite) return indefinite_children_tripped(depth);
    if (header->length > data_.size() - pos_) return std::nullopt;
    size_t end = pos_ + static_cast<size_t>(header->length);
    bool tripped = header_trips(*header) || (!header->constructed && primitive_trips(*header, pos_));
    if (!header->constructed) {
      pos_ = end;
      return tripped;
    }
    auto children = children_tripped(end, depth);
    if (!children) return std::nullopt;
    return tripped || *children;
  }

  std::optional<bool> children_tripped(size_t end, size_t depth) {
    auto outer = data_;
    data_ = data_.first(end);
    bool tripped = false;
    std::optional<bool> result;
    while (pos_ < end) {
      auto child = element_tripped(depth - 1);
      if (!child) break;
      tripped = tripped || *child;
    }
    if (pos_ == end) result = tripped;
    data_ = outer;
    return result;
  }

  std::optional<bool> indefinite_children_tripped(size_t depth) {
    bool tripped = false;
    while (true) {
      if (data_.size() - pos_ >= 2 && data_[pos_] == 0 && data_[pos_ + 1] == 0) {
        pos_ += 2;
        return tripped;
      }
      auto child = element_tripped(depth - 1);
      if (!child) return std::nullopt;
      tripped = tripped || *child;
    }
  }

  bool header_trips(const BerHeader& header) const {
    return check_.oversize_length && header.length > *check_.oversize_length;
  }

  bool primitive_trips(const BerHeader& header, size_t content) const {
    if (header.tag_class != kClassUniversal || header.length == 0) return false;
    uint8_t first = data_[content];
    if (check_.bitstring_overflow && header.tag == kTagBitString && first > header.length * 8) return true;
    return check_.double_overflow && header.tag == kTagReal && (first & 0xc0) == 0 && header.length > kMaxRealLength;
  }

  const Asn1Check& check_;
  std::span<const uint8_t> data_;
  size_t pos_ = 0;
};

}  // namespace

bool asn1_check_matches(const Asn1Check& check, std::span<const uint8_t> buffer, size_t position) {
  int64_t offset = 0;
  if (check.absolute_offset) offset = *check.absolute_offset;
  else if (check.relative_offset) offset = static_cast<int64_t>(position) + *check.relative_offset;
  if (offset < 0 || offset > UINT16_MAX || static_cast<size_t>(offset) >= buffer.size()) return false;
  return BerChecker(check, buffer.subspan(static_cast<size_t>(offset))).run();
}

}  // namespace rampart::detect
