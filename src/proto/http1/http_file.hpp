#pragma once
// The files an HTTP transaction carries and their EVE "fileinfo" records, as
// Suricata logs them: a response body is a file (a download), and so is the body
// of a PUT request (an upload). The record carries the transaction's "http"
// object and a "fileinfo" object: the name (from Content-Disposition, else the
// URI's path), gaps, state (CLOSED, or TRUNCATED when the body did not end),
// stored, size after transfer and content decoding, and tx_id.
#include "proto/app_parser.hpp"
#include "proto/http1/http_transaction.hpp"

namespace rampart::proto::http1 {

bool carries_file(const HttpTransaction& tx, Direction dir);

class HttpFileRecord final : public EveFields {
 public:
  HttpFileRecord(const HttpTransaction& tx, Direction dir) : tx_(tx), dir_(dir) {}
  void write(JsonWriter& w) const override;

 private:
  const HttpTransaction& tx_;
  Direction dir_;
};

// The filename parameter of a Content-Disposition value (quoted or not); empty if none.
std::string_view disposition_filename(std::string_view value);

}  // namespace rampart::proto::http1
