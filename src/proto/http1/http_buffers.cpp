// The rule buffers of an HTTP/1 transaction as Suricata 8 fills them (see the
// "HTTP Keywords" chapter of its documentation). Buffers that exist in both
// directions give the request's value first and the response's second, so
// index 0 is the response's when the request has none.
#include "proto/http1/http_eve.hpp"

#include <array>
#include <initializer_list>

#include "proto/http1/http_file.hpp"
#include "proto/http1/http_line_reader.hpp"
#include "proto/http1/http_uri.hpp"

namespace rampart::proto::http1 {

namespace {

using Text = std::optional<std::string_view>;

// A field's value when the message has the field (possibly empty: "User-Agent:"
// gives an empty buffer), nullopt when it has none.
Text field(const HttpHeaders& headers, std::string_view name) {
  if (!headers.has(name)) return std::nullopt;
  return headers.value(name);
}

Text unless_empty(std::string_view s) { return s.empty() ? Text() : Text(s); }

Text only(Text value, size_t index) { return index == 0 ? value : std::nullopt; }

// The index-th of the values present, in the order given.
Text nth(std::initializer_list<Text> values, size_t index) {
  for (const Text& value : values) {
    if (!value) continue;
    if (index == 0) return value;
    --index;
  }
  return std::nullopt;
}

// What the header-block buffers read of one message.
struct MessageHead {
  std::string_view line;
  const HttpHeaders* headers;
  std::string_view headers_end;
  std::string_view cookie_field;  // the field http.header leaves to http.cookie
};

using HeadBuilder = void (*)(const MessageHead& head, std::string& out);

// http.header: "Name: value\r\n" per field (repeated fields merged), without
// the cookie field and without a closing empty line.
void normalized_headers(const MessageHead& head, std::string& out) {
  for (const Header& h : head.headers->fields()) {
    if (iequals(h.name, head.cookie_field)) continue;
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
}

// http.header.raw: the header lines and the empty line after them, as sent.
void raw_headers(const MessageHead& head, std::string& out) {
  out.append(head.headers->raw()).append(head.headers_end);
}

// http.start: the start line and every field, each ending in CRLF; as in
// Suricata, the closing CRLF follows the last field, so none without fields.
void start(const MessageHead& head, std::string& out) {
  out.append(head.line).append("\r\n");
  for (const Header& h : head.headers->fields()) out.append(h.name).append(": ").append(h.value).append("\r\n");
  if (!head.headers->fields().empty()) out.append("\r\n");
}

// http.header_names: "\r\n", each field name followed by "\r\n", then "\r\n";
// nothing without fields.
void header_names(const MessageHead& head, std::string& out) {
  if (head.headers->fields().empty()) return;
  out.append("\r\n");
  for (const Header& h : head.headers->fields()) out.append(h.name).append("\r\n");
  out.append("\r\n");
}

MessageHead head_of(const HttpTransaction& tx, bool client) {
  if (client) return {tx.request.line, &tx.request.headers, tx.request.headers_end, "Cookie"};
  return {tx.response.line, &tx.response.headers, tx.response.headers_end, "Set-Cookie"};
}

// The buffer `build` makes of one side's message, if it has a start line
// (Suricata offers no empty header-block buffer).
Text built_from_side(const HttpTransaction& tx, bool client, std::string& out, HeadBuilder build) {
  MessageHead head = head_of(tx, client);
  if (head.line.empty()) return std::nullopt;
  out.clear();
  build(head, out);
  if (out.empty()) return std::nullopt;
  return out;
}

// The index-th of those buffers, the request first.
Text built_from_head(const HttpTransaction& tx, size_t index, std::string& out, HeadBuilder build) {
  for (bool client : {true, false}) {
    if (!built_from_side(tx, client, out, build)) continue;
    if (index == 0) return out;
    --index;
  }
  return std::nullopt;
}

// http.request_header / http.response_header: "Name: value" of the index-th field.
Text one_field(const HttpHeaders& headers, size_t index, std::string& out) {
  if (index >= headers.fields().size()) return std::nullopt;
  const Header& h = headers.fields()[index];
  out.append(h.name).append(": ").append(h.value);
  return out;
}

// Like Suricata (libhtp's parsed URI), the host of an absolute or CONNECT
// request target comes normalized even here; only the Host field is raw.
Text raw_host(const HttpRequest& req) {
  if (split_uri(req.uri_raw, req.method == "CONNECT").authority.empty()) return field(req.headers, "Host");
  return req.hostname;
}

Text request_field(const HttpTransaction& tx, size_t index, std::string_view name) {
  return only(field(tx.request.headers, name), index);
}

Text response_field(const HttpTransaction& tx, size_t index, std::string_view name) {
  return only(field(tx.response.headers, name), index);
}

Text both_fields(const HttpTransaction& tx, size_t index, std::string_view name) {
  return nth({field(tx.request.headers, name), field(tx.response.headers, name)}, index);
}

using Tx = const HttpTransaction&;
using Getter = Text (*)(Tx tx, size_t index, std::string& built);

struct Buffer {
  std::string_view name;
  Getter get;
};

constexpr Buffer kBuffers[] = {
    {"http.uri", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.request.uri_normalized), i); }},
    {"http.uri.raw", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.request.uri_raw), i); }},
    {"http.method", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.request.method), i); }},
    {"http.request_line", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.request.line), i); }},
    {"http.response_line", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.response.line), i); }},
    {"http.stat_code", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.response.status_text), i); }},
    {"http.stat_msg", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.response.message), i); }},
    {"http.protocol",
     [](Tx tx, size_t i, std::string&) {
       return nth({unless_empty(tx.request.protocol), unless_empty(tx.response.protocol)}, i);
     }},
    {"http.host", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.request.hostname), i); }},
    {"http.host.raw", [](Tx tx, size_t i, std::string&) { return only(raw_host(tx.request), i); }},
    {"http.user_agent", [](Tx tx, size_t i, std::string&) { return request_field(tx, i, "User-Agent"); }},
    {"http.referer", [](Tx tx, size_t i, std::string&) { return request_field(tx, i, "Referer"); }},
    {"http.accept", [](Tx tx, size_t i, std::string&) { return request_field(tx, i, "Accept"); }},
    {"http.accept_enc", [](Tx tx, size_t i, std::string&) { return request_field(tx, i, "Accept-Encoding"); }},
    {"http.accept_lang", [](Tx tx, size_t i, std::string&) { return request_field(tx, i, "Accept-Language"); }},
    {"http.server", [](Tx tx, size_t i, std::string&) { return response_field(tx, i, "Server"); }},
    {"http.location", [](Tx tx, size_t i, std::string&) { return response_field(tx, i, "Location"); }},
    {"http.connection", [](Tx tx, size_t i, std::string&) { return both_fields(tx, i, "Connection"); }},
    {"http.content_len", [](Tx tx, size_t i, std::string&) { return both_fields(tx, i, "Content-Length"); }},
    {"http.content_type", [](Tx tx, size_t i, std::string&) { return both_fields(tx, i, "Content-Type"); }},
    {"http.cookie",
     [](Tx tx, size_t i, std::string&) {
       return nth({field(tx.request.headers, "Cookie"), field(tx.response.headers, "Set-Cookie")}, i);
     }},
    {"http.request_body", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.request.body), i); }},
    {"http.response_body", [](Tx tx, size_t i, std::string&) { return only(unless_empty(tx.response.body), i); }},
    {"file.data",
     [](Tx tx, size_t i, std::string&) {
       return nth({unless_empty(tx.response.body), unless_empty(tx.request.body)}, i);
     }},
    {"http.header", [](Tx tx, size_t i, std::string& b) { return built_from_head(tx, i, b, normalized_headers); }},
    {"http.header.raw", [](Tx tx, size_t i, std::string& b) { return built_from_head(tx, i, b, raw_headers); }},
    {"http.start", [](Tx tx, size_t i, std::string& b) { return built_from_head(tx, i, b, start); }},
    {"http.header_names", [](Tx tx, size_t i, std::string& b) { return built_from_head(tx, i, b, header_names); }},
    {"http.request_header", [](Tx tx, size_t i, std::string& b) { return one_field(tx.request.headers, i, b); }},
    {"http.response_header", [](Tx tx, size_t i, std::string& b) { return one_field(tx.response.headers, i, b); }},
};

const HttpHeaders& headers_of(Tx tx, bool client) { return client ? tx.request.headers : tx.response.headers; }

// The buffers both messages have, as one side's message gives them.
using SideGetter = Text (*)(Tx tx, bool client, std::string& built);

struct SideBuffer {
  std::string_view name;
  SideGetter get;
};

constexpr SideBuffer kSideBuffers[] = {
    {"http.protocol",
     [](Tx tx, bool client, std::string&) { return unless_empty(client ? tx.request.protocol : tx.response.protocol); }},
    {"http.connection", [](Tx tx, bool client, std::string&) { return field(headers_of(tx, client), "Connection"); }},
    {"http.content_len", [](Tx tx, bool client, std::string&) { return field(headers_of(tx, client), "Content-Length"); }},
    {"http.content_type", [](Tx tx, bool client, std::string&) { return field(headers_of(tx, client), "Content-Type"); }},
    {"http.cookie",
     [](Tx tx, bool client, std::string&) { return field(headers_of(tx, client), client ? "Cookie" : "Set-Cookie"); }},
    {"file.data", [](Tx tx, bool client, std::string&) { return unless_empty(client ? tx.request.body : tx.response.body); }},
    {"http.header", [](Tx tx, bool client, std::string& b) { return built_from_side(tx, client, b, normalized_headers); }},
    {"http.header.raw", [](Tx tx, bool client, std::string& b) { return built_from_side(tx, client, b, raw_headers); }},
    {"http.start", [](Tx tx, bool client, std::string& b) { return built_from_side(tx, client, b, start); }},
    {"http.header_names", [](Tx tx, bool client, std::string& b) { return built_from_side(tx, client, b, header_names); }},
};

std::span<const uint8_t> as_span(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::optional<std::span<const uint8_t>> HttpEveRecord::side_buffer(std::string_view name, size_t index,
                                                                   Direction side) const {
  // An upload's file.data is each file part's, not the whole multipart body.
  const auto& uploads = tx_.request.uploads;
  if (name == "file.data" && side == Direction::ToServer && !uploads.empty())
    return index < uploads.size() ? std::optional(as_span(uploads[index].data)) : std::nullopt;
  if (is_file_buffer(name)) {
    auto file = nth_file(tx_, side, index);
    return file ? file_buffer(*file, name, built_) : std::nullopt;
  }
  for (const SideBuffer& b : kSideBuffers) {
    if (b.name != name) continue;
    built_.clear();
    Text value = only(b.get(tx_, side == Direction::ToServer, built_), index);
    if (!value) return std::nullopt;
    return as_span(*value);
  }
  return buffer(name, index);
}

std::optional<std::span<const uint8_t>> HttpEveRecord::buffer(std::string_view name, size_t index) const {
  // The download first, then the uploads.
  if (is_file_buffer(name)) {
    bool download = carries_file(tx_, Direction::ToClient);
    if (download && index == 0) return side_buffer(name, 0, Direction::ToClient);
    return side_buffer(name, index - (download ? 1 : 0), Direction::ToServer);
  }
  for (const Buffer& b : kBuffers) {
    if (b.name != name) continue;
    built_.clear();
    Text value = b.get(tx_, index, built_);
    if (!value) return std::nullopt;
    return as_span(*value);
  }
  return std::nullopt;
}

}  // namespace rampart::proto::http1
