#pragma once
// The header fields of one HTTP message, in arrival order, as the detection
// engine will read them: names and values (repeated fields merged with ", " as
// libhtp does) plus the raw header block exactly as it was sent.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "proto/app_parser.hpp"
#include "proto/http1/http_limits.hpp"

namespace rampart::proto::http1 {

struct Header {
  std::string name, value;
};

// The anomaly names of one direction (libhtp/Suricata event names).
struct MessageEvents {
  std::string_view field_too_long, missing_colon, invalid_folding, header_invalid, too_many_headers,
      header_repetition, invalid_content_length, duplicate_content_length, invalid_transfer_encoding,
      invalid_chunk_length, chunk_extension;
};
extern const MessageEvents kRequestEvents;
extern const MessageEvents kResponseEvents;

class HttpHeaders {
 public:
  const std::vector<Header>& fields() const { return fields_; }
  std::string_view raw() const { return raw_; }
  // The value of the first field called `name` (case-insensitive), empty if none.
  std::string_view value(std::string_view name) const;
  bool has(std::string_view name) const;

  // Adds one header line (text without its line ending; raw with it), unfolding
  // continuation lines and reporting malformed ones.
  void add_line(std::string_view text, std::string_view raw, const HttpLimits& limits,
                const MessageEvents& events, EventSink& sink);
  // Adds a field its parser already split (raw: the bytes it took, line ends included).
  void add_field(std::string_view name, std::string_view value, std::string_view raw, const HttpLimits& limits,
                 const MessageEvents& events, EventSink& sink);

 private:
  const Header* find(std::string_view name) const;
  Header* find(std::string_view name);
  bool fits(size_t more, const HttpLimits& limits, const MessageEvents& events, EventSink& sink);

  std::vector<Header> fields_;
  std::string raw_;
  size_t stored_bytes_ = 0;
  bool over_limit_ = false;
  bool repetition_reported_ = false;
};

}  // namespace rampart::proto::http1
