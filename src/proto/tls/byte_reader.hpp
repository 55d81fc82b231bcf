#pragma once
// Bounds-checked big-endian reads over borrowed bytes, for the length-prefixed
// structures of TLS and SSH. A read past the end fails and leaves the reader
// exhausted, so a chain of reads needs only one check at its end.
#include <cstddef>
#include <cstdint>
#include <span>

namespace rampart::proto::tls {

class ByteReader {
 public:
  explicit ByteReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}

  bool ok() const { return ok_; }
  size_t remaining() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }

  uint32_t u8() { return number(1); }
  uint32_t u16() { return number(2); }
  uint32_t u24() { return number(3); }
  uint32_t u32() { return number(4); }

  std::span<const uint8_t> take(size_t n) {
    if (n > bytes_.size()) return fail();
    auto out = bytes_.first(n);
    bytes_ = bytes_.subspan(n);
    return out;
  }
  // A vector prefixed by its length in `width` bytes (1, 2 or 3).
  std::span<const uint8_t> prefixed(size_t width) { return take(number(width)); }

 private:
  uint32_t number(size_t width) {
    auto b = take(width);
    uint32_t v = 0;
    for (uint8_t byte : b) v = (v << 8) | byte;
    return v;
  }
  std::span<const uint8_t> fail() {
    ok_ = false;
    bytes_ = {};
    return {};
  }

  std::span<const uint8_t> bytes_;
  bool ok_ = true;
};

}  // namespace rampart::proto::tls
