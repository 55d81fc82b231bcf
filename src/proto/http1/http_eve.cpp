#include "proto/http1/http_eve.hpp"

#include "common/byte_text.hpp"
#include "proto/http1/http_content_range.hpp"

namespace rampart::proto::http1 {

namespace {

void optional_field(JsonWriter& w, std::string_view key, std::string_view value) {
  if (!value.empty()) w.field(key, value);
}

// Suricata logs the media type only, without parameters such as charset.
std::string_view media_type(std::string_view content_type) {
  return content_type.substr(0, content_type.find(';'));
}

// Suricata's dump-all-headers layout: [{"name": ..., "value": ...}, ...].
void headers_array(JsonWriter& w, std::string_view key, const HttpHeaders& headers) {
  w.begin_array(key);
  for (const Header& h : headers.fields()) {
    w.begin_object();
    w.field("name", h.name);
    w.field("value", h.value);
    w.end_object();
  }
  w.end_array();
}

void body_fields(JsonWriter& w, std::string_view key, std::string_view printable_key, std::string_view body,
                 const RecordOptions& o, std::string& scratch) {
  if (body.empty()) return;
  auto bytes = std::span(reinterpret_cast<const uint8_t*>(body.data()), body.size());
  if (o.body) {
    scratch.clear();
    append_base64(scratch, bytes);
    w.field(key, scratch);
  }
  if (o.body_printable) {
    scratch.clear();
    append_printable(scratch, bytes);
    w.field(printable_key, scratch);
  }
}

void content_range_object(JsonWriter& w, std::string_view value) {
  if (value.empty()) return;
  w.begin_object("content_range");
  w.field("raw", value);
  if (auto range = parse_content_range(value)) {
    if (range->start) w.field("start", *range->start);
    if (range->end) w.field("end", *range->end);
    if (range->size) w.field("size", *range->size);
  }
  w.end_object();
}

}  // namespace

void HttpEveRecord::write_with(JsonWriter& w, const RecordOptions& options) const {
  const HttpRequest& req = tx_.request;
  const HttpResponse& res = tx_.response;
  w.begin_object("http");
  optional_field(w, "hostname", req.hostname);
  if (req.port >= 0) w.field("http_port", req.port);
  optional_field(w, "url", req.uri_raw);
  optional_field(w, "http_user_agent", tx_.user_agent());
  optional_field(w, "http_content_type", media_type(tx_.content_type()));
  optional_field(w, "http_refer", tx_.referer());
  optional_field(w, "http_method", req.method);
  optional_field(w, "protocol", req.protocol);
  if (res.status >= 0) {
    w.field("status", res.status);
  } else {
    optional_field(w, "status_string", res.status_text);
  }
  optional_field(w, "redirect", tx_.location());
  content_range_object(w, res.headers.value("Content-Range"));
  w.field("length", res.message_length);
  body_fields(w, "http_request_body", "http_request_body_printable", req.body, options, built_);
  body_fields(w, "http_response_body", "http_response_body_printable", res.body, options, built_);
  if (options.request_headers) headers_array(w, "request_headers", req.headers);
  if (options.response_headers) headers_array(w, "response_headers", res.headers);
  w.end_object();
}

}  // namespace rampart::proto::http1
