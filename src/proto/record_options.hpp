#pragma once
// Optional parts of a transaction's EVE object, from Suricata's per-logger
// settings: the http logger's dump-all-headers (request_headers and
// response_headers arrays) and the alert logger's http-body / http-body-printable
// (http_request_body, http_response_body and their _printable forms).
namespace rampart::proto {

struct RecordOptions {
  bool request_headers = false;
  bool response_headers = false;
  bool body = false;
  bool body_printable = false;
};

}  // namespace rampart::proto
