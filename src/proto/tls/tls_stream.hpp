#pragma once
// One direction of a TLS byte stream cut into records, and the handshake records'
// bodies cut into handshake messages. Either may be split anywhere; only a record
// or message that spans calls is copied, and both copies are bounded.
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace rampart::proto::tls {

enum class ContentType : uint8_t {
  ChangeCipherSpec = 20,
  Alert = 21,
  Handshake = 22,
  ApplicationData = 23,
  Heartbeat = 24,
  Sslv2 = 0x80,  // an SSLv2-framed record (a compatible client's first hello)
};

struct Record {
  ContentType type;
  uint16_t version;
  std::span<const uint8_t> body;
  std::span<const uint8_t> whole{};  // header and body
  uint64_t offset = 0;               // where it starts in its direction's stream
};

class RecordStream {
 public:
  static constexpr size_t kHeaderSize = 5;
  // RFC 5246 6.2.3: a record body is at most 2^14 + 2048 bytes.
  static constexpr size_t kMaxBody = (1u << 14) + 2048;

  // Calls on_record(const Record&) for every complete record. Returns the
  // Suricata event of an invalid header (the stream cannot go on), else "".
  template <typename OnRecord>
  std::string_view feed(std::span<const uint8_t> bytes, OnRecord&& on_record);

 private:
  // The first record may use SSLv2's two-byte header (high bit set), as
  // clients that also speak SSLv2 send their hello (RFC 5246 E.2).
  bool sslv2(std::span<const uint8_t> header) const { return first_ && (header[0] & 0x80) != 0; }
  std::string_view check_header(std::span<const uint8_t> header) const;
  size_t record_size(std::span<const uint8_t> header) const {
    if (sslv2(header)) return 2 + (size_t{header[0] & 0x7Fu} << 8 | header[1]);
    return kHeaderSize + (size_t{header[3]} << 8 | header[4]);
  }
  Record record_of(std::span<const uint8_t> whole) const;
  // Moves bytes into partial_ until it holds `size` bytes; false if they ran out.
  bool fill(std::span<const uint8_t>& bytes, size_t size);

  std::vector<uint8_t> partial_;
  bool first_ = true;
  uint64_t position_ = 0;  // stream offset of the record being read
};

class HandshakeStream {
 public:
  static constexpr size_t kHeaderSize = 4;
  // Certificate chains are the largest messages; longer ones are not kept.
  static constexpr size_t kMaxMessage = 64 * 1024;

  // Calls on_message(uint8_t type, std::span<const uint8_t> body) for every
  // complete message. False when a message is longer than kMaxMessage.
  template <typename OnMessage>
  bool feed(std::span<const uint8_t> bytes, OnMessage&& on_message);

 private:
  static size_t body_length(std::span<const uint8_t> header) {
    return size_t{header[1]} << 16 | size_t{header[2]} << 8 | header[3];
  }
  std::vector<uint8_t> partial_;
};

template <typename OnRecord>
std::string_view RecordStream::feed(std::span<const uint8_t> bytes, OnRecord&& on_record) {
  while (!bytes.empty()) {
    if (!partial_.empty() || bytes.size() < kHeaderSize) {
      if (!fill(bytes, kHeaderSize)) return {};
      if (auto error = check_header(partial_); !error.empty()) return error;
      if (!fill(bytes, record_size(partial_))) return {};
      Record record = record_of(partial_);
      first_ = false;
      on_record(record);
      position_ += partial_.size();
      partial_.clear();
      continue;
    }
    if (auto error = check_header(bytes); !error.empty()) return error;
    size_t whole = record_size(bytes);
    if (bytes.size() < whole) {
      partial_.assign(bytes.begin(), bytes.end());
      return {};
    }
    Record record = record_of(bytes.first(whole));
    first_ = false;
    on_record(record);
    position_ += whole;
    bytes = bytes.subspan(whole);
  }
  return {};
}

template <typename OnMessage>
bool HandshakeStream::feed(std::span<const uint8_t> bytes, OnMessage&& on_message) {
  if (!partial_.empty()) {
    partial_.insert(partial_.end(), bytes.begin(), bytes.end());
    std::vector<uint8_t> held = std::move(partial_);
    partial_.clear();
    return feed(held, on_message);
  }
  while (bytes.size() >= kHeaderSize) {
    size_t length = body_length(bytes);
    if (length > kMaxMessage) return false;
    if (bytes.size() < kHeaderSize + length) break;
    on_message(bytes[0], bytes.subspan(kHeaderSize, length));
    bytes = bytes.subspan(kHeaderSize + length);
  }
  partial_.assign(bytes.begin(), bytes.end());
  return true;
}

}  // namespace rampart::proto::tls
