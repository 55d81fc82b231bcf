#pragma once
// Splits a request target into its path and its percent-decoded query parameters.
// A malformed escape or a repeated parameter is an error (the caller answers 400).
#include <expected>
#include <map>
#include <string>
#include <string_view>

namespace rampart::center {

struct RequestTarget {
  std::string path;
  std::map<std::string, std::string> params;
};

std::expected<RequestTarget, std::string> parse_target(std::string_view target);

}  // namespace rampart::center
