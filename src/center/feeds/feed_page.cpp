#include "center/feeds/feed_page.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "center/taxii/taxii_query.hpp"

namespace rampart::center::feeds {

std::expected<FeedPage, std::string> parse_feed_page(std::string_view body,
                                                     const std::map<std::string, std::string>& headers) {
  auto envelope = nlohmann::json::parse(body, nullptr, false);
  if (envelope.is_discarded()) return std::unexpected("the answer is not JSON");
  if (!envelope.is_object()) return std::unexpected("the answer is not a TAXII envelope (a JSON object)");
  FeedPage page;
  if (auto more = envelope.find("more"); more != envelope.end()) {
    if (!more->is_boolean()) return std::unexpected("the envelope's more is not a boolean");
    page.more = more->get<bool>();
  }
  if (auto next = envelope.find("next"); next != envelope.end()) {
    if (!next->is_string()) return std::unexpected("the envelope's next is not a string");
    page.next = next->get<std::string>();
  }
  if (auto last = headers.find("x-taxii-date-added-last"); last != headers.end()) {
    if (!taxii::timestamp_ns(last->second))
      return std::unexpected(fmt::format("X-TAXII-Date-Added-Last \"{}\" is not a timestamp", last->second));
    page.added_last = last->second;
  }
  auto incoming = taxii::parse_envelope(body);
  if (!incoming) return std::unexpected(fmt::format("bad envelope: {}", incoming.error()));
  page.incoming = std::move(*incoming);
  return page;
}

}  // namespace rampart::center::feeds
