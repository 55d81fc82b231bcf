#include "proto/http1/http_eve.hpp"

namespace rampart::proto::http1 {

namespace {

void optional_field(JsonWriter& w, std::string_view key, std::string_view value) {
  if (!value.empty()) w.field(key, value);
}

// Suricata logs the media type only, without parameters such as charset.
std::string_view media_type(std::string_view content_type) {
  return content_type.substr(0, content_type.find(';'));
}

}  // namespace

void HttpEveRecord::write(JsonWriter& w) const {
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
  w.field("length", res.message_length);
  w.end_object();
}

}  // namespace rampart::proto::http1
