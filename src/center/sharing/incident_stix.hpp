#pragma once
// STIX 2.1 objects an organisation publishes about what it saw: its identity (one
// stable id per organisation name), sightings of indicators aggregated from intel
// alerts (alert.metadata.stix_indicator_id), an observable with its observed-data,
// and the report of an incident. Ids are stable for the same subject (organisation,
// incident, alert, indicator, observable), so sharing again adds a new version
// (modified = now) instead of a duplicate; observables get the deterministic UUIDv5
// ids STIX 2.1 defines. Every object carries the TLP 2.0 marking given; SDOs are
// created_by the organisation's identity. Nothing here is validated or filtered:
// the caller passes the objects through the privacy filter and intel's validator.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "center/store/incident_records.hpp"
#include "center/store/records.hpp"
#include "intel/stix_object.hpp"
#include "intel/tlp.hpp"

namespace rampart::center::sharing {

// The indicator ids an EVE alert carries (valid "indicator--UUID" values only).
std::vector<std::string> stix_indicator_ids(std::string_view eve_json);

struct IndicatorSighting {
  std::string indicator_id;
  uint64_t count = 0;
  int64_t first_seen_us = 0;
  int64_t last_seen_us = 0;
};

// The sightings of each indicator in the alerts, in order of first appearance.
std::vector<IndicatorSighting> aggregate_sightings(const std::vector<StoredAlert>& alerts);

// What every object of one publication shares.
struct Publication {
  std::string organisation;
  int64_t now_us = 0;
  intel::TlpLevel tlp = intel::TlpLevel::Amber;
};

// "identity--…": the same for the same organisation name.
std::string organisation_identity_id(std::string_view organisation);
intel::Json organisation_identity(const Publication& publication);

// subject names what is sighted where ("incident 7", "alert 12"); it keeps the id stable.
intel::Json sighting_object(const Publication& publication, const IndicatorSighting& sighting, std::string_view subject);

// The observable as a cyber-observable object (md5, sha1, sha256 become a file with
// that hash); nullopt for a type STIX has no object for.
std::optional<intel::Json> observable_object(const Observable& observable, const Publication& publication);
intel::Json observed_data_object(const Publication& publication, const intel::Json& observable, int64_t first_us,
                                 int64_t last_us, std::string_view subject);

intel::Json incident_report(const Publication& publication, const IncidentRecord& incident,
                            const std::vector<std::string>& object_refs);

}  // namespace rampart::center::sharing
