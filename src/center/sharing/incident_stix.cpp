#include "center/sharing/incident_stix.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <map>

#include "center/incidents/classification.hpp"
#include "center/ingest/eve_time.hpp"
#include "center/privacy/observable_id.hpp"
#include "intel/stix_identifier.hpp"

namespace rampart::center::sharing {

namespace {

using intel::Json;

std::string uuid_text(std::array<uint8_t, 16> bytes, int version) {
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | (version << 4));
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);
  std::string hex;
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) hex += '-';
    hex += fmt::format("{:02x}", bytes[i]);
  }
  return hex;
}

std::array<uint8_t, 16> digest_prefix(const EVP_MD* algorithm, std::string_view data) {
  std::array<uint8_t, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, algorithm, nullptr);
  std::array<uint8_t, 16> out{};
  std::copy_n(digest.begin(), out.size(), out.begin());
  return out;
}

// A version-4-shaped UUID derived from name, so the same subject keeps its id
// (STIX 2.1 asks for version 4 ids on domain objects).
std::string stable_id(std::string_view type, std::string_view name) {
  return fmt::format("{}--{}", type, uuid_text(digest_prefix(EVP_sha256(), fmt::format("rampart {}: {}", type, name)), 4));
}

Json marking_refs(const Publication& publication) {
  return Json::array({std::string(intel::tlp2_marking(publication.tlp).id)});
}

// The properties every domain object of a publication carries.
Json domain_object(std::string_view type, std::string id, const Publication& publication) {
  std::string now = format_utc_time(publication.now_us);
  return Json{{"type", std::string(type)},
              {"spec_version", "2.1"},
              {"id", std::move(id)},
              {"created", now},
              {"modified", now},
              {"created_by_ref", organisation_identity_id(publication.organisation)},
              {"object_marking_refs", marking_refs(publication)}};
}

}  // namespace

std::vector<std::string> stix_indicator_ids(std::string_view eve_json) {
  auto event = nlohmann::json::parse(eve_json, nullptr, false);
  std::vector<std::string> out;
  if (!event.is_object() || !event["alert"].is_object() || !event["alert"]["metadata"].is_object()) return out;
  auto ids = event["alert"]["metadata"].find("stix_indicator_id");
  if (ids == event["alert"]["metadata"].end()) return out;
  auto add = [&](const nlohmann::json& value) {
    if (!value.is_string()) return;
    auto text = value.get<std::string>();
    auto parsed = intel::parse_identifier(text);
    if (parsed && parsed->type == "indicator" && std::find(out.begin(), out.end(), text) == out.end())
      out.push_back(std::move(text));
  };
  if (ids->is_array())
    for (const auto& value : *ids) add(value);
  else
    add(*ids);
  return out;
}

std::vector<IndicatorSighting> aggregate_sightings(const std::vector<StoredAlert>& alerts) {
  std::vector<IndicatorSighting> out;
  std::map<std::string, size_t> index;
  for (const auto& stored : alerts) {
    int64_t time = stored.alert.time_us;
    for (auto& id : stix_indicator_ids(stored.alert.eve_json)) {
      auto [position, added] = index.emplace(id, out.size());
      if (added) out.push_back({std::move(id), 0, time, time});
      auto& sighting = out[position->second];
      ++sighting.count;
      sighting.first_seen_us = std::min(sighting.first_seen_us, time);
      sighting.last_seen_us = std::max(sighting.last_seen_us, time);
    }
  }
  return out;
}

std::string organisation_identity_id(std::string_view organisation) {
  return stable_id("identity", organisation);
}

Json organisation_identity(const Publication& publication) {
  std::string now = format_utc_time(publication.now_us);
  return Json{{"type", "identity"},
              {"spec_version", "2.1"},
              {"id", organisation_identity_id(publication.organisation)},
              {"created", now},
              {"modified", now},
              {"name", publication.organisation},
              {"identity_class", "organization"},
              {"object_marking_refs", marking_refs(publication)}};
}

Json sighting_object(const Publication& publication, const IndicatorSighting& sighting, std::string_view subject) {
  Json object = domain_object(
      "sighting", stable_id("sighting", fmt::format("{} {} {}", publication.organisation, subject, sighting.indicator_id)),
      publication);
  object["sighting_of_ref"] = sighting.indicator_id;
  object["count"] = sighting.count;
  object["first_seen"] = format_utc_time(sighting.first_seen_us);
  object["last_seen"] = format_utc_time(sighting.last_seen_us);
  object["where_sighted_refs"] = Json::array({organisation_identity_id(publication.organisation)});
  object["description"] = fmt::format("Seen by {} ({})", publication.organisation, subject);
  return object;
}

std::optional<Json> observable_object(const Observable& observable, const Publication& publication) {
  static const std::map<std::string, std::string, std::less<>> kHashNames{
      {"md5", "MD5"}, {"sha1", "SHA-1"}, {"sha256", "SHA-256"}};
  Json object{{"type", observable.type}, {"spec_version", "2.1"}};
  if (auto hash = kHashNames.find(observable.type); hash != kHashNames.end()) {
    object["type"] = "file";
    object["hashes"] = Json{{hash->second, observable.value}};
  } else if (observable.type == "ipv4-addr" || observable.type == "ipv6-addr" || observable.type == "domain-name" ||
             observable.type == "url" || observable.type == "email-addr") {
    object["value"] = observable.value;
  } else {
    return std::nullopt;
  }
  object["id"] = *privacy::deterministic_id(object);
  object["object_marking_refs"] = marking_refs(publication);
  return object;
}

Json observed_data_object(const Publication& publication, const Json& observable, int64_t first_us, int64_t last_us,
                          std::string_view subject) {
  Json object = domain_object(
      "observed-data",
      stable_id("observed-data", fmt::format("{} {} {}", publication.organisation, subject, observable["id"].get<std::string>())),
      publication);
  object["first_observed"] = format_utc_time(first_us);
  object["last_observed"] = format_utc_time(last_us);
  object["number_observed"] = 1;
  object["object_refs"] = Json::array({observable["id"]});
  return object;
}

Json incident_report(const Publication& publication, const IncidentRecord& incident,
                     const std::vector<std::string>& object_refs) {
  Json object = domain_object(
      "report", stable_id("report", fmt::format("{} incident {}", publication.organisation, incident.id)), publication);
  object["name"] = incident.title;
  object["description"] =
      fmt::format("Incident {} of {}: category {}, level {}, state {}, {} linked alerts", incident.id,
                  publication.organisation, incident.category,
                  incidents::level_name(static_cast<incidents::IncidentLevel>(incident.level)),
                  incidents::state_name(incident.state), incident.alert_ids.size());
  object["published"] = format_utc_time(publication.now_us);
  object["report_types"] = Json::array({"incident"});
  object["object_refs"] = object_refs;
  return object;
}

}  // namespace rampart::center::sharing
