// Fuzzes the privacy filter with the objects other organisations publish: the input
// is a JSON object, filtered under the keyed, prefix-preserving and remove
// policies. An indicator whose STIX pattern parsed must come out with a pattern
// that still parses; the input as free text must scrub without crashing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "center/privacy/privacy_filter.hpp"
#include "intel/pattern.hpp"

namespace {

using rampart::center::privacy::AddressTreatment;
using rampart::center::privacy::PrivacyFilter;
using rampart::center::privacy::PrivacySettings;

PrivacyFilter make_filter(AddressTreatment treatment) {
  PrivacySettings settings;
  for (const char* network : {"10.0.0.0/8", "192.168.0.0/16", "fd00::/8"})
    settings.internal_networks.push_back(*rampart::intel::parse_cidr(network));
  settings.addresses = treatment;
  settings.key = std::string(32, 'k');
  auto filter = PrivacyFilter::create(settings);
  if (!filter) std::abort();
  return *filter;
}

bool stix_pattern_parses(const rampart::intel::Json& object) {
  auto pattern = object.find("pattern");
  auto type = object.find("pattern_type");
  return pattern != object.end() && pattern->is_string() && type != object.end() && *type == "stix" &&
         rampart::intel::parse_pattern(pattern->get<std::string>()).has_value();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const PrivacyFilter filters[] = {make_filter(AddressTreatment::keyed),
                                          make_filter(AddressTreatment::prefix_preserving),
                                          make_filter(AddressTreatment::remove)};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& filter : filters) {
    bool removed = false;
    (void)filter.scrub_text(text, removed);
  }
  auto object = rampart::intel::parse_json_text(text);
  if (!object) return 0;
  bool pattern_parsed = object->is_object() && stix_pattern_parses(*object);
  for (const auto& filter : filters) {
    auto filtered = filter.apply(*object);
    if (filtered && pattern_parsed && !stix_pattern_parses(*filtered)) std::abort();
  }
  return 0;
}
