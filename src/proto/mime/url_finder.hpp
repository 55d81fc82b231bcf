#pragma once
// The URLs in a line of decoded message text, as Suricata's SMTP extract-urls
// finds them: each "scheme://" of the configured schemes (case-insensitive) up to
// the first blank, quote, angle bracket or control character, lower-cased and
// logged without its scheme unless log-url-scheme asks for it.
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::proto::mime {

// app-layer.protocols.smtp.mime's extract-urls-schemes (default [http]) and
// log-url-scheme (default no).
struct UrlOptions {
  std::vector<std::string> schemes{"http"};
  bool log_scheme = false;
};

// "[http, HTTPS, ftp://]" -> {"http", "https", "ftp"}; an empty list or a scheme
// with characters other than letters, digits, '+', '-' and '.' is an error.
std::expected<std::vector<std::string>, std::string> parse_url_schemes(std::string_view list);

// Appends the URLs of `line` to `urls`, skipping ones already there, while
// urls has fewer than `max_urls`; each URL is cut at `max_length` bytes.
void find_urls(std::string_view line, const UrlOptions& options, std::vector<std::string>& urls, size_t max_urls,
               size_t max_length);

}  // namespace rampart::proto::mime
