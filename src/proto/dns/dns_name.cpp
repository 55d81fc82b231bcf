#include "proto/dns/dns_name.hpp"

#include <algorithm>

namespace rampart::proto::dns {

namespace {

// A legitimate name needs at most one hop per label; more means a loop.
constexpr unsigned kMaxPointerHops = 128;
// A 255-octet name holds at most 127 one-octet labels.
constexpr unsigned kMaxLabels = 127;

constexpr uint8_t kPointerBits = 0xC0;

class TextBuilder {
 public:
  explicit TextBuilder(NameText* text) : text_(text) {
    if (text_ != nullptr) text_->length = 0;
  }
  // Appends a label, dot-separated; returns false once the name exceeds the limit.
  bool append(std::span<const uint8_t> label) {
    size_t added = label.size() + (logical_length_ > 0 ? 1 : 0);
    logical_length_ += added;
    if (logical_length_ > kMaxNameLength) return false;
    if (text_ != nullptr) {
      if (text_->length > 0) text_->chars[text_->length++] = '.';
      std::copy(label.begin(), label.end(), text_->chars.begin() + static_cast<std::ptrdiff_t>(text_->length));
      text_->length += label.size();
    }
    return true;
  }

 private:
  NameText* text_;
  size_t logical_length_ = 0;
};

}  // namespace

NameRead read_name(std::span<const uint8_t> message, size_t offset, NameText* text) {
  NameRead result;
  TextBuilder builder(text);
  bool jumped = false;
  unsigned hops = 0, labels = 0;
  size_t pos = offset;
  while (pos < message.size()) {
    uint8_t length = message[pos];
    if ((length & kPointerBits) == kPointerBits) {
      if (pos + 1 >= message.size()) return result;
      if (!jumped) result.end = pos + 2;
      jumped = true;
      if (++hops > kMaxPointerHops || result.too_many_labels) {
        result.loop = !result.too_many_labels;
        result.valid = true;
        return result;
      }
      pos = (static_cast<size_t>(length & ~kPointerBits) << 8) | message[pos + 1];
      continue;
    }
    if ((length & kPointerBits) != 0) return result;  // reserved / extended label types
    if (length == 0) {
      if (!jumped) result.end = pos + 1;
      result.valid = true;
      return result;
    }
    if (pos + 1 + length > message.size()) return result;
    if (++labels > kMaxLabels) {
      // Pointers that keep adding labels past any real name's count are a loop.
      if (jumped) {
        result.loop = true;
        result.valid = true;
        return result;
      }
      // Without a pointer yet the end is still ahead: scan on (forward only, so
      // bounded by the message) without collecting text.
      result.too_many_labels = true;
    } else if (!result.too_long && !builder.append(message.subspan(pos + 1, length))) {
      result.too_long = true;
    }
    pos += 1 + length;
  }
  return result;
}

}  // namespace rampart::proto::dns
