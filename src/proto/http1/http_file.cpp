#include "proto/http1/http_file.hpp"

#include "proto/http1/http_content_range.hpp"
#include "proto/http1/http_eve.hpp"
#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

std::string_view disposition_filename(std::string_view value) {
  while (!value.empty()) {
    size_t end = value.find(';');
    std::string_view param = trim_whitespace(value.substr(0, end));
    value = end == std::string_view::npos ? std::string_view{} : value.substr(end + 1);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim_whitespace(param.substr(0, eq)), "filename")) continue;
    std::string_view name = trim_whitespace(param.substr(eq + 1));
    if (name.size() >= 2 && name.front() == '"') {
      name.remove_prefix(1);
      name = name.substr(0, name.find('"'));
    }
    return name;
  }
  return {};
}

bool carries_file(const HttpTransaction& tx, Direction dir) {
  if (dir == Direction::ToClient) return tx.response.started && tx.response.entity_length > 0;
  return tx.request.entity_length > 0 && tx.request.method == "PUT";
}

void HttpFileRecord::write(JsonWriter& w) const {
  bool download = dir_ == Direction::ToClient;
  const HttpHeaders& headers = download ? tx_.response.headers : tx_.request.headers;
  std::string_view name = disposition_filename(headers.value("Content-Disposition"));
  if (name.empty()) {
    std::string_view uri = tx_.request.uri_normalized;
    name = uri.substr(0, uri.find('?'));
  }
  bool complete = download ? tx_.response.complete : tx_.request.complete;
  w.plain_field("app_proto", "http");
  HttpEveRecord(tx_).write(w);
  w.begin_object("fileinfo");
  w.field("filename", name);
  w.field("gaps", download ? tx_.response.body_gaps : tx_.request.body_gaps);
  w.plain_field("state", complete ? "CLOSED" : "TRUNCATED");
  const FileDigests& digests = download ? tx_.response.digests : tx_.request.digests;
  for (auto [key, hex] : {std::pair{"md5", &digests.md5}, {"sha1", &digests.sha1}, {"sha256", &digests.sha256}})
    if (!hex->empty()) w.plain_field(key, *hex);
  w.field("stored", false);
  w.field("size", download ? tx_.response.entity_length : tx_.request.entity_length);
  if (auto range = download ? parse_content_range(headers.value("Content-Range")) : std::nullopt;
      range && range->start && range->end) {
    w.field("start", *range->start);
    w.field("end", *range->end);
  }
  w.field("tx_id", tx_.id);
  w.end_object();
}

}  // namespace rampart::proto::http1
