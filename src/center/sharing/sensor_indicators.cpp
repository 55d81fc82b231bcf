#include "center/sharing/sensor_indicators.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "center/taxii/taxii_query.hpp"

namespace rampart::center::sharing {

namespace {

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool before(const StoredTaxiiObject& a, const StoredTaxiiObject& b) {
  return a.date_added_us != b.date_added_us ? a.date_added_us < b.date_added_us : a.row_id < b.row_id;
}

StoreResult<std::optional<int64_t>> sensor_organisation(Store& store, int64_t sensor_id) {
  auto sensors = store.sensors();
  if (!sensors) return std::unexpected(sensors.error());
  auto sensor = std::find_if(sensors->begin(), sensors->end(), [&](const SensorInfo& s) { return s.id == sensor_id; });
  if (sensor == sensors->end()) return std::optional<int64_t>{};
  return store.organisation_id(sensor->organisation);
}

// The visible indicator changes after since in every readable collection, in
// (date_added, row) order, cut at limit; more tells whether any were left out.
StoreResult<std::pair<std::vector<StoredTaxiiObject>, bool>> changed_indicators(Store& store, int64_t organisation_id,
                                                                                 std::optional<TaxiiCursor> since,
                                                                                 size_t limit) {
  auto collections = store.collections_for(organisation_id);
  if (!collections) return std::unexpected(collections.error());
  std::vector<StoredTaxiiObject> changed;
  bool more = false;
  for (const auto& collection : *collections) {
    if (!collection.can_read) continue;
    TaxiiObjectQuery query;
    query.collection_id = collection.id;
    query.viewer = TaxiiViewer{organisation_id, true};
    query.types = {"indicator"};
    query.after = since;
    query.limit = limit;
    auto page = store.taxii_objects(query);
    if (!page) return std::unexpected(page.error());
    more = more || page->more;
    std::move(page->objects.begin(), page->objects.end(), std::back_inserter(changed));
  }
  std::sort(changed.begin(), changed.end(), before);
  if (changed.size() > limit) {
    changed.resize(limit);
    more = true;
  }
  return std::pair{std::move(changed), more};
}

}  // namespace

StoreResult<intel::IndicatorFeedPage> sensor_indicator_page(Store& store, int64_t organisation_id,
                                                            std::optional<TaxiiCursor> since, size_t limit,
                                                            int64_t now_us) {
  auto changed = changed_indicators(store, organisation_id, since, limit);
  if (!changed) return std::unexpected(changed.error());
  auto& [objects, more] = *changed;
  intel::IndicatorFeedPage page;
  page.more = more;
  page.version = objects.empty() ? (since ? taxii::encode_next(*since) : std::string())
                                 : taxii::encode_next({objects.back().date_added_us, objects.back().row_id});
  // An id held by several collections: its latest change decides.
  std::unordered_map<std::string, size_t> latest;
  for (size_t i = 0; i < objects.size(); ++i) latest[objects[i].stix_id] = i;
  for (size_t i = 0; i < objects.size(); ++i) {
    if (latest[objects[i].stix_id] != i) continue;
    auto json = intel::parse_json_text(objects[i].json);
    auto indicator = json ? intel::deployable_indicator(*json, now_us)
                          : std::expected<intel::DeployableIndicator, std::string>(std::unexpected("unreadable"));
    if (indicator)
      page.indicators.push_back(std::move(*indicator));
    else
      page.removed.push_back(objects[i].stix_id);
  }
  return page;
}

HttpResponse sensor_indicators(Store& store, const Principal& who, const std::string& method,
                               const std::map<std::string, std::string>& params) {
  if (method != "GET") {
    auto response = json_error(405, "method not allowed", "use GET");
    response.allow = "GET";
    return response;
  }
  if (who.role != Role::sensor || !who.sensor_id)
    return json_error(403, "forbidden", "only sensor tokens may fetch sensor indicators");
  std::optional<TaxiiCursor> since;
  for (const auto& [name, value] : params) {
    if (name != "since") return json_error(400, "bad parameter", fmt::format("unknown parameter {}", name));
    if (value.empty() || value == "0") continue;
    TaxiiObjectQuery parsed;
    if (!taxii::parse_object_query({{"next", value}}, taxii::kNext, parsed))
      return json_error(400, "bad parameter", "since: not a version this center returned");
    since = parsed.after;
  }
  auto organisation = sensor_organisation(store, *who.sensor_id);
  if (!organisation) return json_error(500, "storage failure", organisation.error().detail);
  if (!*organisation) return json_error(403, "forbidden", "the sensor has no organisation");
  auto page = sensor_indicator_page(store, **organisation, since, kIndicatorPageSize, now_us());
  if (!page) return json_error(500, "storage failure", page.error().detail);
  HttpResponse response;
  response.body = intel::feed_page_json(*page);
  return response;
}

}  // namespace rampart::center::sharing
