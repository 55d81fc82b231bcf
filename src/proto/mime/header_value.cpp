#include "proto/mime/header_value.hpp"

#include <algorithm>
#include <cctype>
#include <tuple>

namespace rampart::proto::mime {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The parts between ';' outside double quotes.
std::vector<std::string_view> split_parameters(std::string_view text) {
  std::vector<std::string_view> parts;
  bool quoted = false, escaped = false;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size()) {
      char c = text[i];
      if (escaped) {
        escaped = false;
        continue;
      }
      if (quoted && c == '\\') escaped = true;
      if (c == '"') quoted = !quoted;
      if (c != ';' || quoted) continue;
    }
    parts.push_back(trim(text.substr(start, i - start)));
    start = i + 1;
  }
  return parts;
}

std::string unquote(std::string_view value) {
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::string(value);
  std::string out;
  value = value.substr(1, value.size() - 2);
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '\\' && i + 1 < value.size()) ++i;
    out.push_back(value[i]);
  }
  return out;
}

std::optional<int> hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return std::nullopt;
}

// RFC 2231 4: "%XX" escapes of an extended value; a malformed escape stays as written.
std::string percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    auto high = text[i] == '%' && i + 2 < text.size() ? hex_value(text[i + 1]) : std::nullopt;
    auto low = high ? hex_value(text[i + 2]) : std::nullopt;
    if (!low) {
      out.push_back(text[i]);
      continue;
    }
    out.push_back(static_cast<char>(*high * 16 + *low));
    i += 2;
  }
  return out;
}

// One section of an RFC 2231 parameter: "name*" (extended), "name*N" or "name*N*".
struct Section {
  std::string name;
  unsigned index = 0;
  bool encoded = false;
};

std::optional<Section> section_of(std::string_view key) {
  size_t star = key.find('*');
  if (star == std::string_view::npos || star == 0) return std::nullopt;
  Section out{.name = std::string(key.substr(0, star))};
  std::string_view rest = key.substr(star + 1);
  out.encoded = rest.empty() || rest.back() == '*';
  if (!rest.empty() && rest.back() == '*') rest.remove_suffix(1);
  if (rest.empty()) return out;
  if (rest.size() > 3 || !std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  for (char c : rest) out.index = out.index * 10 + static_cast<unsigned>(c - '0');
  return out;
}

// Joins the sections of each RFC 2231 parameter, in section order, into one
// parameter of its plain name; an encoded value loses its "charset'language'"
// prefix and is percent-decoded.
void join_sections(std::vector<std::pair<std::string, std::string>>& parameters) {
  std::vector<std::pair<Section, std::string>> sections;
  std::erase_if(parameters, [&](const auto& parameter) {
    auto section = section_of(parameter.first);
    if (section) sections.emplace_back(*section, parameter.second);
    return section.has_value();
  });
  std::stable_sort(sections.begin(), sections.end(),
                   [](const auto& a, const auto& b) { return std::tie(a.first.name, a.first.index) < std::tie(b.first.name, b.first.index); });
  for (size_t i = 0; i < sections.size(); ++i) {
    auto& [section, value] = sections[i];
    std::string_view text = value;
    bool first = i == 0 || sections[i - 1].first.name != section.name;
    if (section.encoded && first && std::count(text.begin(), text.end(), '\'') >= 2)
      text.remove_prefix(text.find('\'', text.find('\'') + 1) + 1);
    std::string part = section.encoded ? percent_decode(text) : std::string(text);
    if (first) parameters.emplace_back(section.name, std::move(part));
    else parameters.back().second += part;
  }
}

}  // namespace

std::optional<std::string_view> HeaderValue::parameter(std::string_view name) const {
  for (const auto& [key, value] : parameters)
    if (key == name) return value;
  return std::nullopt;
}

HeaderValue parse_header_value(std::string_view text) {
  HeaderValue out;
  auto parts = split_parameters(text);
  out.token = lower(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    size_t equals = parts[i].find('=');
    if (equals == std::string_view::npos) continue;
    out.parameters.emplace_back(lower(trim(parts[i].substr(0, equals))), unquote(trim(parts[i].substr(equals + 1))));
  }
  join_sections(out.parameters);
  return out;
}

}  // namespace rampart::proto::mime
