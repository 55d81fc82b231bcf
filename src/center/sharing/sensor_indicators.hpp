#pragma once
// GET /api/v1/sensor/indicators?since=VERSION (sensor token): the indicators a
// sensor deploys, taken from every TAXII collection the sensor's organisation may
// read, under the same TLP rule as TAXII reads (docs/taxii.md). Each page lists the
// indicator objects whose last visible version was added after VERSION (all of them
// without since), in date_added order: deployable ones in `indicators` (compiled by
// intel's compile_for_sensors), revoked, expired or undeployable ones in `removed`.
// `version` is the position after the page; `more` says another page follows.
// Errors: 403 for a non-sensor token, 400 for a bad since, 500 only when the store fails.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "center/api/http_types.hpp"
#include "center/store/store.hpp"
#include "intel/deployable_indicator.hpp"

namespace rampart::center::sharing {

inline constexpr size_t kIndicatorPageSize = 5000;

StoreResult<intel::IndicatorFeedPage> sensor_indicator_page(Store& store, int64_t organisation_id,
                                                            std::optional<TaxiiCursor> since, size_t limit,
                                                            int64_t now_us);

HttpResponse sensor_indicators(Store& store, const Principal& who, const std::string& method,
                               const std::map<std::string, std::string>& params);

}  // namespace rampart::center::sharing
