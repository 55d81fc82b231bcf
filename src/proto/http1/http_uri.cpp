#include "proto/http1/http_uri.hpp"

namespace rampart::proto::http1 {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_escape_at(std::string_view s, size_t i) {
  return i + 2 < s.size() && s[i] == '%' && hex_digit(s[i + 1]) >= 0 && hex_digit(s[i + 2]) >= 0;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (is_escape_at(s, i)) {
      out.push_back(static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2])));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

bool has_escape(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i)
    if (is_escape_at(s, i)) return true;
  return false;
}

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

}  // namespace

UriParts split_uri(std::string_view target, bool authority_form) {
  UriParts parts;
  if (authority_form) {
    parts.authority = target;
    return parts;
  }
  std::string_view rest = target;
  if (size_t scheme_end = rest.find("://"); scheme_end != std::string_view::npos && !rest.starts_with('/') &&
                                            rest.substr(0, scheme_end).find_first_of("/?#") == std::string_view::npos) {
    parts.scheme = rest.substr(0, scheme_end);
    rest.remove_prefix(scheme_end + 3);
    size_t authority_end = rest.find_first_of("/?#");
    parts.authority = rest.substr(0, authority_end);
    rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
  }
  if (size_t hash = rest.find('#'); hash != std::string_view::npos) {
    parts.fragment = rest.substr(hash + 1);
    parts.has_fragment = true;
    rest = rest.substr(0, hash);
  }
  if (size_t question = rest.find('?'); question != std::string_view::npos) {
    parts.query = rest.substr(question + 1);
    parts.has_query = true;
    rest = rest.substr(0, question);
  }
  parts.path = rest;
  return parts;
}

Authority parse_authority(std::string_view authority) {
  Authority result;
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) authority.remove_prefix(at + 1);
  std::string_view host = authority, port;
  if (authority.starts_with('[')) {
    size_t close = authority.find(']');
    host = authority.substr(0, close == std::string_view::npos ? authority.size() : close + 1);
    if (close != std::string_view::npos && close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else if (size_t colon = authority.find(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
  }
  while (host.ends_with('.')) host.remove_suffix(1);
  result.host.reserve(host.size());
  for (char c : host) result.host.push_back(to_lower(c));
  if (authority.size() > host.size() && !port.empty()) {
    int32_t value = 0;
    bool valid = port.size() <= 5;
    for (char c : port) {
      if (c < '0' || c > '9') valid = false;
      if (valid) value = value * 10 + (c - '0');
    }
    result.port_valid = valid && value >= 1 && value <= 65535;
    if (result.port_valid) result.port = value;
  }
  return result;
}

std::string remove_dot_segments(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  std::string_view in = path;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', in.starts_with('/') ? 1 : 0);
      std::string_view segment = in.substr(0, next);
      out.append(segment);
      in.remove_prefix(segment.size());
    }
  }
  return out;
}

NormalizedUri normalize_uri(const UriParts& parts) {
  NormalizedUri result;
  std::string decoded = percent_decode(parts.path);
  result.double_encoded = has_escape(decoded);
  result.text = remove_dot_segments(decoded);
  if (parts.has_query) result.text.append("?").append(percent_decode(parts.query));
  if (parts.has_fragment) result.text.append("#").append(parts.fragment);
  return result;
}

}  // namespace rampart::proto::http1
