#pragma once
// The URLs in a line of decoded message text, as Suricata's SMTP extract-urls
// finds them with its default settings: each "http://" (case-insensitive) up to
// the first blank, quote, angle bracket or control character, lower-cased and
// logged without its scheme.
#include <string>
#include <string_view>
#include <vector>

namespace rampart::proto::mime {

// Appends the URLs of `line` to `urls`, skipping ones already there, while
// urls has fewer than `max_urls`; each URL is cut at `max_length` bytes.
void find_urls(std::string_view line, std::vector<std::string>& urls, size_t max_urls, size_t max_length);

}  // namespace rampart::proto::mime
