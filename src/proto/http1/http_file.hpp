#pragma once
// The files an HTTP transaction carries and their EVE "fileinfo" records, as
// Suricata logs them: a response body is a file (a download), and so are the body
// of a PUT request and each file part of a multipart/form-data request (uploads).
// The record carries the transaction's "http"
// object and a "fileinfo" object: the name (from Content-Disposition, else the
// URI's path), gaps, state (CLOSED, or TRUNCATED when the body did not end or has a gap),
// stored, size after transfer and content decoding, and tx_id.
#include "proto/app_parser.hpp"
#include "proto/file_buffers.hpp"
#include "proto/http1/http_range_files.hpp"
#include "proto/http1/http_transaction.hpp"

namespace rampart::proto::http1 {

bool carries_file(const HttpTransaction& tx, Direction dir);
// Whether a request's body is itself a file (an upload by PUT); multipart parts are files of their own.
bool body_is_upload(const HttpRequest& request);

// The name fileinfo gives the body of dir: Content-Disposition's filename, else the URI's path.
std::string_view file_name(const HttpTransaction& tx, Direction dir);

// The index-th file of side `side` (a download for ToClient; a PUT body or the
// multipart file parts for ToServer), for the file keywords' buffers.
std::optional<FileView> nth_file(const HttpTransaction& tx, Direction side, size_t index);
// Whether name is a buffer of the files (file.name, file.size, file.md5 ...), which nth_file answers.
bool is_file_buffer(std::string_view name);

class HttpFileRecord final : public EveFields {
 public:
  // The body of one direction is the file.
  HttpFileRecord(const HttpTransaction& tx, Direction dir) : tx_(tx), dir_(dir) {}
  // One file part of the request's multipart body.
  HttpFileRecord(const HttpTransaction& tx, const UploadedFile& part)
      : tx_(tx), dir_(Direction::ToServer), part_(&part) {}
  // A whole file joined from the parts of 206 answers (RangeFiles); tx carried the last part.
  HttpFileRecord(const HttpTransaction& tx, const JoinedFile& joined)
      : tx_(tx), dir_(Direction::ToClient), joined_(&joined) {}
  void write(JsonWriter& w) const override { write_with(w, {}); }
  // With files.force-magic the fileinfo object carries "magic".
  void write_with(JsonWriter& w, const RecordOptions& options) const override;
  std::optional<RecordedFile> recorded_file() const override;
  // As Suricata, a download's record is headed by its sender, the server.
  LogDirection log_direction(const RecordOptions&, LogDirection given) const override {
    return dir_ == Direction::ToClient ? LogDirection::FromServer : given;
  }

 private:
  const HttpTransaction& tx_;
  Direction dir_;
  const UploadedFile* part_ = nullptr;
  const JoinedFile* joined_ = nullptr;
};

// A parameter ("name=value" after a ';', quoted or not) of a header value; empty if none.
std::string_view header_parameter(std::string_view value, std::string_view parameter);
// The filename parameter of a Content-Disposition value; empty if none.
std::string_view disposition_filename(std::string_view value);

}  // namespace rampart::proto::http1
