// Sharing what the center saw with partners, over the TAXII collections:
// POST /api/v1/incidents/{id}/share publishes the organisation's identity, the
// incident's report, one sighting per STIX indicator its intel alerts matched and
// observed-data for its observables; POST /api/v1/alerts/{id}/sighting publishes
// one sighting for an intel alert. Both take {collection, tlp} (and
// include_sightings for incidents), need an analyst or admin whose organisation may
// write the collection, pass every object through the privacy filter, validate it
// with src/intel and store everything in one transaction; 201 lists the ids.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "center/api/api_replies.hpp"
#include "center/api/api_router.hpp"
#include "center/sharing/incident_stix.hpp"
#include "center/taxii/taxii_objects.hpp"

namespace rampart::center {

struct ShareRequest {
  std::string collection;
  intel::TlpLevel tlp = intel::TlpLevel::Amber;
  bool include_sightings = true;
};

namespace {

using nlohmann::json;

constexpr std::string_view kIncidentsPrefix = "/api/v1/incidents/";
constexpr std::string_view kAlertsPrefix = "/api/v1/alerts/";

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// The id in "{prefix}{id}{suffix}", or nullopt when path is not of that shape.
std::optional<int64_t> id_between(std::string_view path, std::string_view prefix, std::string_view suffix) {
  if (!path.starts_with(prefix) || !path.ends_with(suffix) || path.size() <= prefix.size() + suffix.size())
    return std::nullopt;
  return parse_id(path.substr(prefix.size(), path.size() - prefix.size() - suffix.size()));
}

std::optional<intel::TlpLevel> parse_tlp(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, intel::TlpLevel>, 5> kLevels{{
      {"clear", intel::TlpLevel::Clear},
      {"green", intel::TlpLevel::Green},
      {"amber", intel::TlpLevel::Amber},
      {"amber+strict", intel::TlpLevel::AmberStrict},
      {"red", intel::TlpLevel::Red},
  }};
  for (auto [text, level] : kLevels)
    if (text == name) return level;
  return std::nullopt;
}

std::expected<ShareRequest, std::string> parse_share_request(const json& body, bool allow_sightings_flag) {
  for (const auto& [key, value] : body.items())
    if (key != "collection" && key != "tlp" && !(allow_sightings_flag && key == "include_sightings"))
      return std::unexpected(fmt::format("unknown member \"{}\"", key));
  ShareRequest request;
  auto collection = body.find("collection");
  if (collection == body.end() || !collection->is_string() || collection->get<std::string>().empty())
    return std::unexpected("\"collection\" (the id of a TAXII collection) is required");
  request.collection = collection->get<std::string>();
  auto tlp = body.find("tlp");
  auto level = tlp != body.end() && tlp->is_string() ? parse_tlp(tlp->get<std::string>()) : std::nullopt;
  if (!level) return std::unexpected("\"tlp\" must be one of clear, green, amber, amber+strict, red");
  request.tlp = *level;
  if (auto sightings = body.find("include_sightings"); sightings != body.end()) {
    if (!sightings->is_boolean()) return std::unexpected("\"include_sightings\" must be true or false");
    request.include_sightings = sightings->get<bool>();
  }
  return request;
}

}  // namespace

bool ApiRouter::is_share_path(std::string_view path) {
  return id_between(path, kIncidentsPrefix, "/share").has_value() || id_between(path, kAlertsPrefix, "/sighting").has_value();
}

HttpResponse ApiRouter::share_routes(const HttpRequest& request, const std::string& path,
                                     const std::map<std::string, std::string>& params, const Principal& who) {
  if (request.method != "POST") return wrong_method("POST");
  if (who.role != Role::admin && who.role != Role::analyst)
    return json_error(403, "forbidden", fmt::format("the {} role cannot share", role_name(who.role)));
  if (!params.empty()) return json_error(400, "bad parameter", fmt::format("{} takes no parameters", path));
  auto body = json_object(request);
  if (!body) return body.error();
  auto incident_id = id_between(path, kIncidentsPrefix, "/share");
  auto share = parse_share_request(*body, incident_id.has_value());
  if (!share) return json_error(400, "bad body", share.error());
  if (incident_id) return share_incident(*incident_id, *share, who);
  return share_alert_sighting(*id_between(path, kAlertsPrefix, "/sighting"), *share, who);
}

std::expected<SharingUser, HttpResponse> ApiRouter::share_writer(const Principal& who, const std::string& collection) {
  auto user = store_.sharing_user(who.name);
  if (!user) return std::unexpected(storage_failure(user.error()));
  if (!*user) return std::unexpected(json_error(403, "forbidden", "only users of an organisation can share"));
  auto collections = store_.collections_for((*user)->organisation_id);
  if (!collections) return std::unexpected(storage_failure(collections.error()));
  auto found = std::find_if(collections->begin(), collections->end(),
                            [&](const TaxiiCollection& c) { return c.id == collection; });
  if (found == collections->end())
    return std::unexpected(json_error(404, "not found", fmt::format("no collection {}", collection)));
  if (!found->can_write)
    return std::unexpected(json_error(
        403, "forbidden", fmt::format("organisation {} may not write to collection {}", (*user)->organisation, collection)));
  return **user;
}

std::expected<void, HttpResponse> ApiRouter::publish(const std::vector<intel::Json>& objects, const std::string& collection,
                                                     const SharingUser& user, const Principal& who) {
  intel::Json envelope{{"objects", objects}};
  auto incoming = taxii::parse_envelope(envelope.dump());
  if (!incoming) return std::unexpected(json_error(422, "cannot share", incoming.error()));
  if (!incoming->failures.empty())
    return std::unexpected(json_error(422, "cannot share", fmt::format("{} is not valid STIX: {}",
                                                                        incoming->failures[0].id, incoming->failures[0].message)));
  for (auto& row : incoming->objects) row.privacy_filtered = true;
  auto added = store_.add_taxii_objects(collection, user.organisation_id, incoming->objects, actor_of(who));
  if (!added) return std::unexpected(storage_failure(added.error()));
  return {};
}

HttpResponse ApiRouter::share_incident(int64_t id, const ShareRequest& share, const Principal& who) {
  auto incident = store_.incident(id);
  if (!incident) return storage_failure(incident.error());
  if (!*incident) return json_error(404, "not found", fmt::format("no incident {}", id));
  auto user = share_writer(who, share.collection);
  if (!user) return user.error();
  auto alerts = store_.alerts_by_id((*incident)->alert_ids);
  if (!alerts) return storage_failure(alerts.error());

  sharing::Publication publication{user->organisation, clock_now_us(), share.tlp};
  std::string subject = fmt::format("incident {}", id);
  std::vector<intel::Json> objects;
  json reply{{"collection", share.collection}, {"sightings", json::array()}, {"observed_data", json::array()},
             {"observables", json::array()}, {"withheld", 0}};
  // Keeps what the privacy filter lets out; true when it did.
  auto keep = [&](const intel::Json& object, const char* list) {
    auto filtered = privacy_.apply(object);
    if (!filtered) {
      reply["withheld"] = reply["withheld"].get<int>() + 1;
      return false;
    }
    objects.push_back(std::move(*filtered));
    if (list) reply[list].push_back(objects.back()["id"].get<std::string>());
    return true;
  };
  keep(sharing::organisation_identity(publication), nullptr);
  if (share.include_sightings)
    for (const auto& sighting : sharing::aggregate_sightings(*alerts))
      keep(sharing::sighting_object(publication, sighting, subject), "sightings");
  int64_t first_us = (*incident)->created_us;
  int64_t last_us = first_us;
  for (const auto& alert : *alerts) {
    first_us = std::min(first_us, alert.alert.time_us);
    last_us = std::max(last_us, alert.alert.time_us);
  }
  for (const auto& observable : (*incident)->observables) {
    auto object = sharing::observable_object(observable, publication);
    if (!object) continue;
    // An observable the filter withholds takes its observed-data along.
    if (keep(*object, "observables"))
      keep(sharing::observed_data_object(publication, objects.back(), first_us, last_us, subject), "observed_data");
  }
  std::vector<std::string> refs;
  for (const auto& object : objects) refs.push_back(object["id"].get<std::string>());
  if (!keep(sharing::incident_report(publication, **incident, refs), nullptr))
    return json_error(422, "cannot share", "the privacy filter withholds the report");
  reply["identity"] = objects.front()["id"].get<std::string>();
  reply["report"] = objects.back()["id"].get<std::string>();
  if (auto published = publish(objects, share.collection, *user, who); !published) return published.error();
  return json_body(201, reply);
}

HttpResponse ApiRouter::share_alert_sighting(int64_t id, const ShareRequest& share, const Principal& who) {
  auto alerts = store_.alerts_by_id({id});
  if (!alerts) return storage_failure(alerts.error());
  if (alerts->empty()) return json_error(404, "not found", fmt::format("no alert {}", id));
  auto sightings = sharing::aggregate_sightings(*alerts);
  if (sightings.empty())
    return json_error(422, "not an intel alert",
                      fmt::format("alert {} carries no STIX indicator id (alert.metadata.stix_indicator_id)", id));
  auto user = share_writer(who, share.collection);
  if (!user) return user.error();
  sharing::Publication publication{user->organisation, clock_now_us(), share.tlp};
  auto identity = privacy_.apply(sharing::organisation_identity(publication));
  if (!identity) return json_error(422, "cannot share", "the privacy filter withholds the organisation's identity");
  std::vector<intel::Json> objects{std::move(*identity)};
  json reply{{"collection", share.collection}, {"identity", objects.front()["id"].get<std::string>()}, {"sightings", json::array()}};
  for (const auto& sighting : sightings)
    if (auto filtered = privacy_.apply(sharing::sighting_object(publication, sighting, fmt::format("alert {}", id)))) {
      reply["sightings"].push_back((*filtered)["id"].get<std::string>());
      objects.push_back(std::move(*filtered));
    }
  if (auto published = publish(objects, share.collection, *user, who); !published) return published.error();
  return json_body(201, reply);
}

}  // namespace rampart::center
