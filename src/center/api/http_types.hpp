#pragma once
// The HTTP exchange as the API sees it, independent of the server library, so
// routing and handlers are tested without sockets. Error responses always carry a
// JSON body {"error": "...", "detail": "..."}.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rampart::center {

struct HttpRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::string authorization;
  std::string content_type;
  std::string content_encoding;
  std::string batch_header;  // X-Rampart-Batch
  std::string accept;
  std::string body;
};

struct HttpResponse {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::string allow;  // for 405
  bool bearer_challenge = false;  // for 401: WWW-Authenticate: Bearer
  std::vector<std::pair<std::string, std::string>> headers;  // further headers (TAXII's X-TAXII-*)
};

HttpResponse json_error(unsigned status, std::string_view error, std::string_view detail);

}  // namespace rampart::center
