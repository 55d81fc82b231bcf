#pragma once
// A structured MIME header value (RFC 2045 5.1, RFC 2183): the leading token
// ("multipart/mixed", "attachment") lower-cased, and its "; name=value"
// parameters with quoted strings unquoted. Parameter names are lower-cased; the
// sections of an RFC 2231 parameter ("filename*0=...; filename*1*=...") are
// joined into one parameter of the plain name, percent-decoded where marked.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rampart::proto::mime {

struct HeaderValue {
  std::string token;
  std::vector<std::pair<std::string, std::string>> parameters;

  std::optional<std::string_view> parameter(std::string_view name) const;
};

HeaderValue parse_header_value(std::string_view text);

}  // namespace rampart::proto::mime
