#include "proto/mime/url_finder.hpp"

#include <algorithm>
#include <cctype>

#include "proto/setting_list.hpp"

namespace rampart::proto::mime {

namespace {

constexpr std::string_view kSchemeEnd = "://";

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool ends_url(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= ' ' || u == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>';
}

bool scheme_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.'; }

// Where "scheme://" starts in line at or after `from`, case-insensitively.
size_t find_scheme(std::string_view line, size_t from, const std::string& scheme) {
  std::string pattern = scheme + std::string(kSchemeEnd);
  auto found = std::search(line.begin() + static_cast<std::ptrdiff_t>(from), line.end(), pattern.begin(), pattern.end(),
                           [](char a, char b) { return lower(a) == b; });
  return static_cast<size_t>(found - line.begin());
}

}  // namespace

std::expected<std::vector<std::string>, std::string> parse_url_schemes(std::string_view list) {
  std::vector<std::string> schemes;
  auto added = for_each_item(list, [&](std::string_view item) -> std::expected<void, std::string> {
    std::string scheme(item);
    if (scheme.ends_with(kSchemeEnd)) scheme.resize(scheme.size() - kSchemeEnd.size());
    if (scheme.ends_with(':')) scheme.pop_back();
    if (scheme.empty() || !std::all_of(scheme.begin(), scheme.end(), scheme_char))
      return std::unexpected("'" + std::string(item) + "' is not a URL scheme");
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), lower);
    schemes.push_back(std::move(scheme));
    return {};
  });
  if (!added) return std::unexpected(added.error());
  if (schemes.empty()) return std::unexpected("no URL scheme listed");
  return schemes;
}

void find_urls(std::string_view line, const UrlOptions& options, std::vector<std::string>& urls, size_t max_urls,
               size_t max_length) {
  size_t at = 0;
  while (urls.size() < max_urls) {
    // The earliest URL of any scheme.
    size_t start = line.size();
    const std::string* scheme = nullptr;
    for (const std::string& s : options.schemes)
      if (size_t found = find_scheme(line, at, s); found < start) {
        start = found;
        scheme = &s;
      }
    if (scheme == nullptr) return;
    size_t rest = start + scheme->size() + kSchemeEnd.size();
    size_t end = rest;
    while (end < line.size() && !ends_url(line[end])) ++end;
    at = end;
    if (end == rest) continue;
    size_t from = options.log_scheme ? start : rest;
    std::string url(line.substr(from, std::min(end - from, max_length)));
    std::transform(url.begin(), url.end(), url.begin(), lower);
    if (std::find(urls.begin(), urls.end(), url) == urls.end()) urls.push_back(std::move(url));
  }
}

}  // namespace rampart::proto::mime
