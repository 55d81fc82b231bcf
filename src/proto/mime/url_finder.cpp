#include "proto/mime/url_finder.hpp"

#include <algorithm>
#include <cctype>

namespace rampart::proto::mime {

namespace {

constexpr std::string_view kScheme = "http://";

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

bool ends_url(char c) {
  auto u = static_cast<unsigned char>(c);
  return u <= ' ' || u == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>';
}

}  // namespace

void find_urls(std::string_view line, std::vector<std::string>& urls, size_t max_urls, size_t max_length) {
  size_t at = 0;
  while (urls.size() < max_urls) {
    auto found = std::search(line.begin() + static_cast<std::ptrdiff_t>(at), line.end(), kScheme.begin(), kScheme.end(),
                             [](char a, char b) { return lower(a) == b; });
    if (found == line.end()) return;
    size_t start = static_cast<size_t>(found - line.begin()) + kScheme.size();
    size_t end = start;
    while (end < line.size() && !ends_url(line[end])) ++end;
    at = end;
    if (end == start) continue;
    std::string url(line.substr(start, std::min(end - start, max_length)));
    std::transform(url.begin(), url.end(), url.begin(), lower);
    if (std::find(urls.begin(), urls.end(), url) == urls.end()) urls.push_back(std::move(url));
  }
}

}  // namespace rampart::proto::mime
