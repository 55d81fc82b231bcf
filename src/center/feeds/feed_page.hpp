#pragma once
// A page of a remote TAXII 2.1 objects listing as the feed poller reads it: the
// envelope's objects (validated by src/intel, see taxii/taxii_objects.hpp), `more`,
// `next`, and the X-TAXII-Date-Added-Last header, which must be a STIX timestamp when
// present. Anything else than a JSON object with well-typed members is an error value.
#include <expected>
#include <map>
#include <string>
#include <string_view>

#include "center/taxii/taxii_objects.hpp"

namespace rampart::center::feeds {

struct FeedPage {
  taxii::IncomingObjects incoming;
  bool more = false;
  std::string next;         // empty when absent
  std::string added_last;   // X-TAXII-Date-Added-Last; empty when absent
};

// headers: lower-case names.
std::expected<FeedPage, std::string> parse_feed_page(std::string_view body,
                                                     const std::map<std::string, std::string>& headers);

}  // namespace rampart::center::feeds
