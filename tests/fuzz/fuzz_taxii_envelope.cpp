// Fuzzes the body of a TAXII 2.1 POST to /collections/{id}/objects/: the bytes are
// read as an envelope and as a bundle, each member validated and turned into a row
// (version, TLP level, JSON), and the query parameters the same bytes would give.
// Nothing may crash, hang or leak; every failure must name a member in range.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "center/taxii/taxii_objects.hpp"
#include "center/taxii/taxii_query.hpp"

namespace {

void check(const rampart::center::taxii::IncomingObjects& incoming) {
  for (const auto& object : incoming.objects)
    if (object.stix_id.empty() || object.json.empty()) std::abort();
  for (const auto& failure : incoming.failures)
    if (failure.index >= rampart::center::taxii::kMaxObjectsPerRequest) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto envelope = rampart::center::taxii::parse_envelope(text)) check(*envelope);
  if (auto bundle = rampart::center::taxii::parse_bundle(text)) check(*bundle);
  rampart::center::TaxiiObjectQuery query;
  (void)rampart::center::taxii::parse_object_query({{"match[version]", std::string(text)}, {"next", std::string(text)}},
                                                   0xff, query);
  return 0;
}
