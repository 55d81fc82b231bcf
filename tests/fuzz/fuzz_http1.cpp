// Fuzzes the HTTP/1 parser. Input: one options byte (bit0: tiny limits so every
// cap is reached; bit1: files hashed), then chunks of head byte (bit0 to-client, bit1 a gap instead
// of data), length byte, and that many bytes. Each logged transaction is written
// as EVE JSON, which must be one "http" object, and each file record must hold a
// "fileinfo" object.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>

#include "common/json_writer.hpp"
#include "proto/http1/http_connection.hpp"

namespace {

using rampart::proto::Direction;

class CheckingSink final : public rampart::proto::EventSink {
 public:
  void transaction(std::string_view, uint64_t, rampart::proto::LogDirection,
                   const rampart::proto::EveFields& fields) override {
    text_.clear();
    rampart::JsonWriter w(text_);
    w.begin_object();
    fields.write(w);
    w.end_object();
    if (!text_.starts_with(R"({"http":{)") || !text_.ends_with("}}")) std::abort();
  }
  void file(uint64_t, const rampart::proto::EveFields& fields) override {
    text_.clear();
    rampart::JsonWriter w(text_);
    w.begin_object();
    fields.write(w);
    w.end_object();
    if (text_.find(R"("fileinfo":{"filename":)") == std::string::npos) std::abort();
  }
  void anomaly(std::string_view event) override {
    if (event.empty()) std::abort();
  }

 private:
  std::string text_;
};

rampart::proto::http1::HttpLimits limits_for(uint8_t options) {
  rampart::proto::http1::HttpLimits limits;
  if (options & 1) {
    limits.max_line = 64;
    limits.max_header_bytes = 96;
    limits.max_headers = 3;
    limits.request_body_capture = 8;
    limits.response_body_capture = 8;
    limits.max_open_transactions = 3;
    limits.max_connect_stash = 16;
    limits.max_decompressed = 4096;
    limits.max_ratio = 4;
  }
  if (options & 2) limits.file_hashes = 7;  // md5, sha1 and sha256
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::span<const uint8_t> in(data, size);
  rampart::proto::http1::HttpConnection connection(limits_for(in[0]));
  in = in.subspan(1);
  CheckingSink sink;
  // Like the sensor, stop feeding the flow once the parser gives up.
  bool alive = true;
  while (alive && in.size() >= 2) {
    const uint8_t head = in[0];
    const uint8_t length_byte = in[1];
    in = in.subspan(2);
    Direction dir = (head & 1) ? Direction::ToClient : Direction::ToServer;
    if (head & 2) {
      connection.gap(dir, length_byte, sink);
      continue;
    }
    size_t length = std::min<size_t>(length_byte, in.size());
    alive = connection.parse(dir, in.first(length), sink);
    in = in.subspan(length);
  }
  connection.finish(sink);
  return 0;
}
