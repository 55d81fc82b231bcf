#pragma once
// What a sensor receives of a STIX indicator: its id, name, end of validity and the
// observables compile_for_sensors() makes of its pattern; and the page format of the
// center's GET /api/v1/sensor/indicators (docs/intel.md), written by the center and
// read by sensors. An indicator that is revoked, past its valid_until, or whose
// pattern is not deployable yields an error saying which, so the caller can send or
// apply it as a removal.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "intel/sensor_indicator.hpp"
#include "intel/stix_object.hpp"

namespace rampart::intel {

struct DeployableIndicator {
  std::string id;
  std::string name;  // the indicator's name, else its id
  std::optional<int64_t> valid_until_us;
  std::vector<SensorIndicator> observables;

  bool operator==(const DeployableIndicator&) const = default;
};

// object: a validated indicator. now_us decides expiry.
std::expected<DeployableIndicator, std::string> deployable_indicator(const Json& object, int64_t now_us);

struct IndicatorFeedPage {
  std::string version;  // pass as since= to get what changed after this page
  bool more = false;    // another page follows at once
  std::vector<DeployableIndicator> indicators;  // added or replaced (by id)
  std::vector<std::string> removed;             // indicator ids to drop
};

std::string feed_page_json(const IndicatorFeedPage& page);
// Every problem is reported with the JSON path of the value, e.g. "indicators[2].observables[0].kind: ...".
std::expected<IndicatorFeedPage, std::string> parse_feed_page(std::string_view text);

}  // namespace rampart::intel
