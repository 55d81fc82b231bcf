#include "proto/http1/http_file.hpp"

#include <optional>
#include <utility>

#include "proto/file_info.hpp"
#include "proto/file_magic.hpp"
#include "proto/http1/http_content_range.hpp"
#include "proto/http1/http_eve.hpp"
#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

std::string_view header_parameter(std::string_view value, std::string_view parameter) {
  while (!value.empty()) {
    size_t end = value.find(';');
    std::string_view param = trim_whitespace(value.substr(0, end));
    value = end == std::string_view::npos ? std::string_view{} : value.substr(end + 1);
    size_t eq = param.find('=');
    if (eq == std::string_view::npos || !iequals(trim_whitespace(param.substr(0, eq)), parameter)) continue;
    std::string_view found = trim_whitespace(param.substr(eq + 1));
    if (found.size() >= 2 && found.front() == '"') {
      found.remove_prefix(1);
      found = found.substr(0, found.find('"'));
    }
    return found;
  }
  return {};
}

std::string_view disposition_filename(std::string_view value) { return header_parameter(value, "filename"); }

bool carries_file(const HttpTransaction& tx, Direction dir) {
  if (dir == Direction::ToClient) return tx.response.started && tx.response.entity_length > 0;
  return tx.request.entity_length > 0 && body_is_upload(tx.request);
}

bool body_is_upload(const HttpRequest& request) { return request.method == "PUT"; }

std::string_view file_name(const HttpTransaction& tx, Direction dir) {
  const HttpHeaders& headers = dir == Direction::ToClient ? tx.response.headers : tx.request.headers;
  std::string_view name = disposition_filename(headers.value("Content-Disposition"));
  if (!name.empty()) return name;
  std::string_view uri = tx.request.uri_normalized;
  return uri.substr(0, uri.find('?'));
}

std::optional<FileView> nth_file(const HttpTransaction& tx, Direction side, size_t index) {
  if (side == Direction::ToClient) {
    if (index != 0 || !carries_file(tx, side)) return std::nullopt;
    return FileView{file_name(tx, side), tx.response.entity_length, &tx.response.digests, tx.response.body};
  }
  if (carries_file(tx, side)) {
    if (index != 0) return std::nullopt;
    return FileView{file_name(tx, side), tx.request.entity_length, &tx.request.digests, tx.request.body};
  }
  if (index >= tx.request.uploads.size()) return std::nullopt;
  const UploadedFile& part = tx.request.uploads[index];
  return FileView{part.name, part.size, &part.digests, part.data};
}

bool is_file_buffer(std::string_view name) { return name == "file.name" || is_file_property_buffer(name); }

namespace {

// What fileinfo says of a file, whichever way it was carried.
struct FileFacts {
  std::string_view name;
  bool gaps = false, complete = false;
  const FileDigests* digests = nullptr;
  uint64_t size = 0;
  std::optional<ContentRange> range;
  FileSpool* spool = nullptr;
  std::string_view first_bytes;  // for magic
};

FileFacts body_facts(const HttpTransaction& tx, Direction dir) {
  bool download = dir == Direction::ToClient;
  const HttpHeaders& headers = download ? tx.response.headers : tx.request.headers;
  FileFacts f;
  f.name = file_name(tx, dir);
  f.gaps = download ? tx.response.body_gaps : tx.request.body_gaps;
  f.complete = download ? tx.response.complete : tx.request.complete;
  f.digests = download ? &tx.response.digests : &tx.request.digests;
  f.size = download ? tx.response.entity_length : tx.request.entity_length;
  if (download) f.range = parse_content_range(headers.value("Content-Range"));
  f.spool = download ? tx.response.spool.get() : tx.request.spool.get();
  f.first_bytes = download ? tx.response.body : tx.request.body;
  return f;
}

const FileDigests kNoDigests;

FileFacts joined_facts(const JoinedFile& joined) {
  return {.name = joined.name, .gaps = false, .complete = true, .digests = &kNoDigests, .size = joined.size,
          .range = std::nullopt, .spool = nullptr, .first_bytes = {}};
}

FileFacts part_facts(const UploadedFile& part) {
  return {.name = part.name, .gaps = part.gaps, .complete = part.complete, .digests = &part.digests, .size = part.size,
          .range = std::nullopt, .spool = part.spool.get(), .first_bytes = part.data};
}

FileFacts facts_of(const HttpTransaction& tx, Direction dir, const UploadedFile* part, const JoinedFile* joined) {
  return part != nullptr ? part_facts(*part) : joined != nullptr ? joined_facts(*joined) : body_facts(tx, dir);
}

}  // namespace

std::optional<RecordedFile> HttpFileRecord::recorded_file() const {
  FileFacts f = facts_of(tx_, dir_, part_, joined_);
  return RecordedFile{f.spool, dir_, f.digests->sha256};
}

void HttpFileRecord::write_with(JsonWriter& w, const RecordOptions& options) const {
  FileFacts f = facts_of(tx_, dir_, part_, joined_);
  w.plain_field("app_proto", "http");
  HttpEveRecord(tx_).write(w);
  w.begin_object("fileinfo");
  FileInfo info{.name = f.name, .magic = {}, .gaps = f.gaps, .complete = f.complete, .digests = f.digests,
                .stored = f.spool != nullptr && f.spool->stored(), .size = f.size, .range_start = std::nullopt,
                .range_end = std::nullopt, .tx_id = tx_.id};
  std::string magic;
  if (options.file_magic) info.magic = magic = file_magic(f.first_bytes);
  if (f.range) {
    info.range_start = f.range->start;
    info.range_end = f.range->end;
  }
  write_file_info(w, info);
  w.end_object();
}

}  // namespace rampart::proto::http1
