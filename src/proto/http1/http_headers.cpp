#include "proto/http1/http_headers.hpp"

#include <algorithm>
#include <utility>

#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

const MessageEvents kRequestEvents{
    .field_too_long = "REQUEST_FIELD_TOO_LONG",
    .missing_colon = "REQUEST_FIELD_MISSING_COLON",
    .invalid_folding = "INVALID_REQUEST_FIELD_FOLDING",
    .header_invalid = "REQUEST_HEADER_INVALID",
    .too_many_headers = "REQUEST_TOO_MANY_HEADERS",
    .header_repetition = "REQUEST_HEADER_REPETITION",
    .invalid_content_length = "INVALID_CONTENT_LENGTH_FIELD_IN_REQUEST",
    .duplicate_content_length = "DUPLICATE_CONTENT_LENGTH_FIELD_IN_REQUEST",
    .invalid_transfer_encoding = "INVALID_TRANSFER_ENCODING_VALUE_IN_REQUEST",
    .invalid_chunk_length = "INVALID_REQUEST_CHUNK_LEN",
    .chunk_extension = "REQUEST_CHUNK_EXTENSION",
};

const MessageEvents kResponseEvents{
    .field_too_long = "RESPONSE_FIELD_TOO_LONG",
    .missing_colon = "RESPONSE_FIELD_MISSING_COLON",
    .invalid_folding = "INVALID_RESPONSE_FIELD_FOLDING",
    .header_invalid = "RESPONSE_HEADER_INVALID",
    .too_many_headers = "RESPONSE_TOO_MANY_HEADERS",
    .header_repetition = "RESPONSE_HEADER_REPETITION",
    .invalid_content_length = "INVALID_CONTENT_LENGTH_FIELD_IN_RESPONSE",
    .duplicate_content_length = "DUPLICATE_CONTENT_LENGTH_FIELD_IN_RESPONSE",
    .invalid_transfer_encoding = "INVALID_TRANSFER_ENCODING_VALUE_IN_RESPONSE",
    .invalid_chunk_length = "INVALID_RESPONSE_CHUNK_LEN",
    .chunk_extension = "RESPONSE_CHUNK_EXTENSION",
};

namespace {

// Characters libhtp drops between a field name and its colon.
bool is_name_padding(char c) { return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\r'; }

}  // namespace

const Header* HttpHeaders::find(std::string_view name) const {
  auto it = std::find_if(fields_.begin(), fields_.end(), [&](const Header& h) { return iequals_ignoring_nul(h.name, name); });
  return it == fields_.end() ? nullptr : &*it;
}

Header* HttpHeaders::find(std::string_view name) {
  return const_cast<Header*>(std::as_const(*this).find(name));
}

std::string_view HttpHeaders::value(std::string_view name) const {
  const Header* h = find(name);
  return h != nullptr ? std::string_view(h->value) : std::string_view();
}

bool HttpHeaders::has(std::string_view name) const { return find(name) != nullptr; }

bool HttpHeaders::fits(size_t more, const HttpLimits& limits, const MessageEvents& events, EventSink& sink) {
  if (!over_limit_ && stored_bytes_ + more <= limits.max_header_bytes) {
    stored_bytes_ += more;
    return true;
  }
  if (!over_limit_) sink.anomaly(events.too_many_headers);
  over_limit_ = true;
  return false;
}

void HttpHeaders::add_line(std::string_view text, std::string_view raw, const HttpLimits& limits,
                           const MessageEvents& events, EventSink& sink) {
  if (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    // obs-fold: the line continues the previous field's value.
    if (fields_.empty()) {
      sink.anomaly(events.invalid_folding);
      return;
    }
    std::string_view more = trim_whitespace(text);
    if (!fits(raw.size() + more.size() + 1, limits, events, sink)) return;
    raw_.append(raw);
    if (!more.empty()) fields_.back().value.append(" ").append(more);
    return;
  }
  std::string_view name = text, value;
  size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    sink.anomaly(events.missing_colon);
  } else {
    name = text.substr(0, colon);
    value = trim_whitespace(text.substr(colon + 1));
  }
  if (name.empty() || is_name_padding(name.back())) {
    sink.anomaly(events.header_invalid);
    while (!name.empty() && is_name_padding(name.back())) name.remove_suffix(1);
    name = trim_whitespace(name);
  }
  add_field(name, value, raw, limits, events, sink);
}

void HttpHeaders::add_field(std::string_view name, std::string_view value, std::string_view raw,
                            const HttpLimits& limits, const MessageEvents& events, EventSink& sink) {
  if (!fits(raw.size() + name.size() + value.size(), limits, events, sink)) return;
  raw_.append(raw);
  if (Header* existing = find(name)) {
    // Framing reads the first Content-Length; a second one must not merge into it.
    bool is_length = iequals(name, "Content-Length");
    if (is_length && existing->value != value) sink.anomaly(events.duplicate_content_length);
    if (!repetition_reported_) sink.anomaly(events.header_repetition);
    repetition_reported_ = true;
    if (!is_length) existing->value.append(", ").append(value);
    return;
  }
  if (fields_.size() >= limits.max_headers) {
    if (!over_limit_) sink.anomaly(events.too_many_headers);
    over_limit_ = true;
    return;
  }
  fields_.push_back(Header{std::string(name), std::string(value)});
}

}  // namespace rampart::proto::http1
