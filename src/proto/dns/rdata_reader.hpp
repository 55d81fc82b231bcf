#pragma once
// Bounded reads inside one record's rdata. Names may point anywhere in the
// message (compression), so the reader keeps the whole message and the rdata's
// end; any read past that end fails the reader instead of reading on.
#include <cstdint>
#include <span>

#include "proto/dns/dns_message.hpp"
#include "proto/dns/dns_name.hpp"

namespace rampart::proto::dns {

class RdataReader {
 public:
  RdataReader(const Message& m, const Record& r)
      : message_(m.bytes), pos_(r.rdata_offset), end_(size_t{r.rdata_offset} + r.rdata_length) {}

  bool ok() const { return ok_; }
  size_t remaining() const { return ok_ ? end_ - pos_ : 0; }

  uint8_t u8() { return has(1) ? message_[pos_++] : 0; }
  uint16_t u16() {
    if (!has(2)) return 0;
    auto v = static_cast<uint16_t>((message_[pos_] << 8) | message_[pos_ + 1]);
    pos_ += 2;
    return v;
  }
  uint32_t u32() {
    uint32_t high = u16();
    return (high << 16) | u16();
  }
  std::span<const uint8_t> bytes(size_t n) {
    if (!has(n)) return {};
    auto out = message_.subspan(pos_, n);
    pos_ += n;
    return out;
  }
  std::span<const uint8_t> rest() { return bytes(remaining()); }
  // Reads a name; its pointers may lead anywhere in the message, but the part
  // written in place must end inside the rdata.
  NameRead name(NameText& text) {
    NameRead read = read_name(message_, pos_, &text);
    if (!ok_ || !read.valid || read.end > end_) {
      ok_ = false;
      return read;
    }
    pos_ = read.end;
    return read;
  }

 private:
  bool has(size_t n) {
    if (ok_ && end_ - pos_ >= n) return true;
    ok_ = false;
    return false;
  }

  std::span<const uint8_t> message_;
  size_t pos_, end_;
  bool ok_ = true;
};

}  // namespace rampart::proto::dns
