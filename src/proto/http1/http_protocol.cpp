#include "proto/http1/http_protocol.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "proto/http1/http_connection.hpp"
#include "proto/http1/http_line_reader.hpp"

namespace rampart::proto::http1 {

namespace {

// Request methods the probe accepts (RFC 9110 and WebDAV), each with its space.
constexpr std::array<std::string_view, 19> kMethods{
    "GET ",      "POST ",  "HEAD ",   "PUT ",       "DELETE ", "OPTIONS ", "CONNECT ",
    "TRACE ",    "PATCH ", "PROPFIND ", "PROPPATCH ", "MKCOL ", "COPY ",   "MOVE ",
    "LOCK ",     "UNLOCK ", "SEARCH ", "REPORT ",   "CHECKOUT "};

constexpr std::string_view kResponsePrefix = "HTTP/1.";

ProbeResult match_prefix(std::string_view data, std::string_view expected) {
  if (data.size() >= expected.size()) return data.starts_with(expected) ? ProbeResult::Match : ProbeResult::NoMatch;
  return expected.starts_with(data) ? ProbeResult::NeedMore : ProbeResult::NoMatch;
}

}  // namespace

ProbeResult probe_http(Direction dir, std::span<const uint8_t> data) {
  std::string_view text = as_chars(data);
  if (dir == Direction::ToClient) return match_prefix(text, kResponsePrefix);
  ProbeResult result = ProbeResult::NoMatch;
  for (std::string_view method : kMethods) {
    ProbeResult r = match_prefix(text, method);
    if (r == ProbeResult::Match) return r;
    if (r == ProbeResult::NeedMore) result = r;
  }
  return result;
}

Protocol http_protocol() {
  return Protocol{
      .name = "http",
      .stats_name = "http",
      .stats_name_udp = "",
      .tcp = true,
      .udp = false,
      .ports = {80, 8080, 8000, 3128},
      .port_required = false,
      .probe = probe_http,
      .make_parser = [](bool) -> std::unique_ptr<AppParser> { return std::make_unique<HttpConnection>(); },
      .frames = {{"http1.request", BufferSide::ToServer}, {"http1.response", BufferSide::ToClient}},
      .stream_frame = "http1.stream",
  };
}

}  // namespace rampart::proto::http1
