#pragma once
// The framing of one message body (RFC 9112 section 6): a fixed Content-Length,
// chunked transfer coding with extensions and trailers, or everything until the
// connection closes. It hands out the entity bytes (chunk framing removed) one
// piece at a time, borrowed from the input.
#include <cstdint>
#include <span>
#include <string_view>

#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

enum class BodyFraming : uint8_t { None, Length, Chunked, UntilClose };

enum class BodyStatus : uint8_t {
  Data,          // `data` holds entity bytes
  Trailer,       // `line` holds one trailer field line
  NeedMore,      // input exhausted
  Done,          // the body ended
  ChunkExtension,  // a chunk size line carried an extension (reported, parsing goes on)
  BadChunkLength,  // a chunk size line (`line`; empty: the input's start) could not be parsed
  LineTooLong,     // a chunk size or trailer line exceeded the line limit
};

struct BodyStep {
  BodyStatus status = BodyStatus::NeedMore;
  std::span<const uint8_t> data;
  Line line;
};

class BodyReader {
 public:
  explicit BodyReader(size_t max_line) : lines_(max_line) {}
  void start(BodyFraming framing, uint64_t length = 0);
  BodyFraming framing() const { return framing_; }
  // Consumes some of input and reports one step.
  BodyStep next(std::span<const uint8_t>& input);
  // `length` bytes of the body were lost; false if the framing cannot follow.
  bool skip(uint64_t length);

 private:
  enum class ChunkState : uint8_t { Size, Data, DataEnd, Trailers };
  BodyStep next_chunked(std::span<const uint8_t>& input);
  BodyStep chunk_size(const Line& line);
  bool starts_without_size(std::span<const uint8_t> input) const;
  BodyStep take(std::span<const uint8_t>& input);

  BodyFraming framing_ = BodyFraming::None;
  ChunkState chunk_state_ = ChunkState::Size;
  uint64_t remaining_ = 0;
  bool done_ = true;
  LineReader lines_;
};

// Parses a Content-Length value (digits with optional surrounding whitespace).
bool parse_content_length(std::string_view value, uint64_t& length);

}  // namespace rampart::proto::http1
