#include "proto/http1/http_body.hpp"

#include <algorithm>
#include <limits>

namespace rampart::proto::http1 {

namespace {

// libhtp ignores chunk size lines above INT32_MAX and rejects those with more
// digits than 64 bits hold.
constexpr uint64_t kMaxChunkSize = 0x7fffffff;
constexpr size_t kMaxChunkSizeDigits = 16;

bool is_chunk_control(char c) { return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v' || c == '\f'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool parse_content_length(std::string_view value, uint64_t& length) {
  value = trim_whitespace(value);
  if (value.empty() || value.size() > 15) return false;
  uint64_t v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  length = v;
  return true;
}

void BodyReader::start(BodyFraming framing, uint64_t length) {
  framing_ = framing;
  remaining_ = length;
  chunk_state_ = ChunkState::Size;
  lines_.clear();
  done_ = framing == BodyFraming::None || (framing == BodyFraming::Length && length == 0);
}

BodyStep BodyReader::take(std::span<const uint8_t>& input) {
  size_t n = framing_ == BodyFraming::UntilClose
                 ? input.size()
                 : static_cast<size_t>(std::min<uint64_t>(remaining_, input.size()));
  BodyStep step{.status = BodyStatus::Data, .data = input.first(n), .line = {}};
  input = input.subspan(n);
  if (framing_ != BodyFraming::UntilClose) remaining_ -= n;
  return step;
}

BodyStep BodyReader::next(std::span<const uint8_t>& input) {
  if (done_) return {.status = BodyStatus::Done, .data = {}, .line = {}};
  switch (framing_) {
    case BodyFraming::None: return {.status = BodyStatus::Done, .data = {}, .line = {}};
    case BodyFraming::Length:
      if (remaining_ == 0) {
        done_ = true;
        return {.status = BodyStatus::Done, .data = {}, .line = {}};
      }
      if (input.empty()) return {};
      return take(input);
    case BodyFraming::UntilClose:
      if (input.empty()) return {};
      return take(input);
    case BodyFraming::Chunked: return next_chunked(input);
  }
  return {};
}

BodyStep BodyReader::chunk_size(const Line& line) {
  // libhtp's reading: control characters, hex digits, then anything at all (an
  // extension when it holds ';'). A size beyond 2^31 is ignored like a blank line.
  std::string_view text = line.raw;
  size_t at = 0;
  while (at < text.size() && is_chunk_control(text[at])) ++at;
  if (at == text.size()) return {};  // a blank line between chunks
  const size_t first_digit = at;
  uint64_t size = 0;
  while (at < text.size() && hex_value(text[at]) >= 0) {
    if (at - first_digit == kMaxChunkSizeDigits)
      return {.status = BodyStatus::BadChunkLength, .data = {}, .line = line};
    size = size * 16 + static_cast<uint64_t>(hex_value(text[at++]));
  }
  if (at == first_digit) return {.status = BodyStatus::BadChunkLength, .data = {}, .line = line};
  if (size > kMaxChunkSize) return {};
  remaining_ = size;
  chunk_state_ = size == 0 ? ChunkState::Trailers : ChunkState::Data;
  if (text.substr(at).find(';') != std::string_view::npos)
    return {.status = BodyStatus::ChunkExtension, .data = {}, .line = line};
  return {};
}

bool BodyReader::starts_without_size(std::span<const uint8_t> input) const {
  if (!lines_.pending().empty()) return false;
  for (uint8_t c : input) {
    if (is_chunk_control(static_cast<char>(c))) continue;
    return hex_value(static_cast<char>(c)) < 0;
  }
  return false;
}

BodyStep BodyReader::next_chunked(std::span<const uint8_t>& input) {
  while (!input.empty()) {
    if (chunk_state_ == ChunkState::Data) {
      if (remaining_ > 0) return take(input);
      chunk_state_ = ChunkState::DataEnd;
    }
    // Data that cannot start a size line is no chunking at all: the caller
    // takes it as the body itself, as libhtp does.
    if (chunk_state_ == ChunkState::Size && starts_without_size(input))
      return {.status = BodyStatus::BadChunkLength, .data = {}, .line = {}};
    Line line;
    switch (lines_.next(input, line)) {
      case LineStatus::NeedMore: return {};
      case LineStatus::TooLong: return {.status = BodyStatus::LineTooLong, .data = {}, .line = {}};
      case LineStatus::Complete: break;
    }
    switch (chunk_state_) {
      case ChunkState::DataEnd: chunk_state_ = ChunkState::Size; break;  // whatever ends the data line
      case ChunkState::Size: {
        BodyStep step = chunk_size(line);
        if (step.status != BodyStatus::NeedMore) return step;
        break;
      }
      case ChunkState::Trailers:
        if (line.text.empty()) {
          done_ = true;
          return {.status = BodyStatus::Done, .data = {}, .line = {}};
        }
        return {.status = BodyStatus::Trailer, .data = {}, .line = line};
      case ChunkState::Data: break;
    }
  }
  return {};
}

bool BodyReader::skip(uint64_t length) {
  switch (framing_) {
    case BodyFraming::UntilClose: return true;
    case BodyFraming::Length:
    case BodyFraming::Chunked:
      if (chunk_state_ != ChunkState::Data && framing_ == BodyFraming::Chunked) return false;
      if (length > remaining_) return false;
      remaining_ -= length;
      return true;
    case BodyFraming::None: return false;
  }
  return false;
}

}  // namespace rampart::proto::http1
