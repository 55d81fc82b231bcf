#pragma once
// One HTTP request and its response, holding what the detection engine and the
// EVE record need (every buffer bounded by HttpLimits).
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "proto/file_hasher.hpp"
#include "proto/file_store.hpp"
#include "proto/http1/http_headers.hpp"
#include "proto/http1/http_multipart.hpp"

namespace rampart::proto::http1 {

struct HttpRequest {
  std::string line;  // the request line as sent, without its line ending
  std::string method, uri_raw, uri_normalized, protocol;
  HttpHeaders headers;
  std::string headers_end;  // the empty line that ended the headers, as sent ("\r\n" or "\n")
  std::string hostname;  // from an absolute URI, else the Host header; lower-cased
  int32_t port = -1;     // the port given there, -1 when none
  std::string body;      // the first HttpLimits::request_body_capture bytes
  uint64_t message_length = 0;  // body bytes as transferred (chunk framing included)
  uint64_t entity_length = 0;   // body bytes after transfer decoding
  bool body_gaps = false;       // bytes of the body were lost
  FileDigests digests;          // of a PUT body after transfer decoding, when asked for (the bytes that arrived)
  std::shared_ptr<FileSpool> spool;  // a PUT body's bytes on their way to the file store, when files may be stored
  std::vector<UploadedFile> uploads;  // the file parts of a multipart/form-data body
  bool body_unexpected = false;  // lines that were no request followed it (more body, as libhtp reads them)
  bool complete = false;
  bool rules_ran = false;  // the request's rules ran when it completed, before the response did
  bool rules_deferred = false;  // they wait for the client's next packet (EventSink::defers_side)
};

struct HttpResponse {
  std::string line;
  std::string protocol, status_text, message;
  int32_t status = -1;   // -1 when status_text is not a number
  HttpHeaders headers;
  std::string headers_end;
  std::string body;      // the first bytes after transfer and content decoding
  uint64_t message_length = 0;
  uint64_t entity_length = 0;   // after transfer and content decoding
  bool body_gaps = false;
  FileDigests digests;          // of the body after decoding, when asked for (the bytes that arrived)
  std::shared_ptr<FileSpool> spool;  // the body's bytes on their way to the file store, when files may be stored
  bool started = false, complete = false;
};

inline constexpr size_t kMaxTransactionEvents = 16;

struct HttpTransaction {
  uint64_t id = 0;
  HttpRequest request;
  HttpResponse response;
  std::vector<std::string> events;  // the request's anomalies, for app-layer-event rules (bounded)

  std::string_view user_agent() const { return request.headers.value("User-Agent"); }
  std::string_view cookie() const { return request.headers.value("Cookie"); }
  std::string_view referer() const { return request.headers.value("Referer"); }
  std::string_view forwarded_for() const { return request.headers.value("X-Forwarded-For"); }
  std::string_view request_content_type() const { return request.headers.value("Content-Type"); }
  std::string_view content_type() const { return response.headers.value("Content-Type"); }
  std::string_view server() const { return response.headers.value("Server"); }
  std::string_view location() const { return response.headers.value("Location"); }
  bool complete() const { return request.complete && response.complete; }
};

}  // namespace rampart::proto::http1
