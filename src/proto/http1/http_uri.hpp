#pragma once
// Request-target parsing and normalization as Suricata's http.uri buffer sees
// it with libhtp's default configuration: the path is percent-decoded (invalid
// escapes kept as they are) and its "." and ".." segments are resolved; the query
// is percent-decoded too, '+' kept (Suricata's query-plusspace-decode is off by
// default); the fragment stays raw; scheme and authority are left out.
#include <cstdint>
#include <string>
#include <string_view>

namespace rampart::proto::http1 {

struct UriParts {
  std::string_view scheme, authority, path, query, fragment;
  bool has_query = false, has_fragment = false;
};

// Splits an origin-form ("/a?b"), absolute-form ("http://h/a") or
// authority-form ("h:443", CONNECT) request target.
UriParts split_uri(std::string_view target, bool authority_form);

struct Authority {
  std::string host;  // lower-cased, without port
  int32_t port = -1;  // -1: none given
  bool port_valid = true;
};

Authority parse_authority(std::string_view authority);

struct NormalizedUri {
  std::string text;
  bool double_encoded = false;  // the decoded path still holds %XX escapes
};

NormalizedUri normalize_uri(const UriParts& parts);

// RFC 3986 section 5.2.4 on an already decoded path.
std::string remove_dot_segments(std::string_view path);

}  // namespace rampart::proto::http1
