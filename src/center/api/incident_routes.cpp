// The incident and asset block of the API: routing of /api/v1/incidents and its
// members, GET /api/v1/incidents/{id}, POST /api/v1/incidents/{id}/transition,
// GET and POST /api/v1/assets. Case management is in incident_case_routes.cpp.
#include <fmt/format.h>

#include <charconv>
#include <nlohmann/json.hpp>

#include "center/api/api_replies.hpp"
#include "center/api/api_router.hpp"

namespace rampart::center {

namespace {

using nlohmann::json;

bool can_read(Role role) { return role == Role::admin || role == Role::analyst || role == Role::viewer; }
bool can_write(Role role) { return role == Role::admin || role == Role::analyst; }

json asset_json(const incidents::Asset& asset) {
  return json{{"network", asset.network},
              {"organisation", asset.organisation},
              {"sector", asset.sector},
              {"critical_infrastructure", asset.critical_infrastructure},
              {"protection_level", asset.protection_level}};
}

std::optional<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

StoreResult<incidents::IncidentService*> ApiRouter::incident_service() {
  std::lock_guard lock(incidents_mutex_);
  if (!incidents_) {
    auto opened = incidents::IncidentService::open(
        store_, correlation_,
        [this](const CorrelationOutcome& outcome) { announce(outcome.incident_id, outcome.created, outcome.previous_level); },
        [](const std::string& line) { fmt::print(stderr, "rampart center: {}\n", line); });
    if (!opened) return std::unexpected(opened.error());
    incidents_ = std::move(*opened);
  }
  return incidents_.get();
}

StoreResult<void> ApiRouter::start_correlation() {
  auto service = incident_service();
  if (!service) return std::unexpected(service.error());
  return {};
}

bool ApiRouter::settle_correlation(std::chrono::milliseconds timeout) {
  auto service = incident_service();
  return service && (*service)->settle(timeout);
}

HttpResponse ApiRouter::incident_routes(const HttpRequest& request, const std::string& path,
                                        const std::map<std::string, std::string>& params, const Principal& who) {
  if (!can_read(who.role)) return json_error(403, "forbidden", fmt::format("the {} role cannot read", role_name(who.role)));
  bool write = request.method == "POST" || request.method == "PATCH";
  if (write && !can_write(who.role))
    return json_error(403, "forbidden", fmt::format("the {} role cannot change incidents or assets", role_name(who.role)));
  if (path == "/api/v1/incidents") {
    if (request.method == "GET") return list_incidents(params);
    if (!params.empty()) return json_error(400, "bad parameter", fmt::format("{} takes no parameters", path));
    if (request.method == "POST") return create_incident(request, who);
    return wrong_method("GET, POST");
  }
  if (!params.empty()) return json_error(400, "bad parameter", fmt::format("{} takes no parameters", path));
  if (path == "/api/v1/assets") {
    if (request.method == "GET") return list_assets();
    if (request.method == "POST") return put_asset(request, who);
    return wrong_method("GET, POST");
  }
  std::string_view rest = std::string_view(path).substr(std::string_view("/api/v1/incidents/").size());
  auto slash = rest.find('/');
  auto id = parse_id(rest.substr(0, slash));
  if (!id) return json_error(404, "not found", fmt::format("no resource {}", path));
  if (slash == std::string_view::npos) {
    if (request.method == "GET") return show_incident(*id);
    if (request.method == "PATCH") return edit_incident(*id, request, who);
    return wrong_method("GET, PATCH");
  }
  return incident_member_routes(*id, rest.substr(slash), request, who);
}

HttpResponse ApiRouter::show_incident(int64_t id, unsigned status) {
  auto record = store_.incident(id);
  if (!record) return storage_failure(record.error());
  if (!*record) return json_error(404, "not found", fmt::format("no incident {}", id));
  return json_body(status, incident_json(**record));
}

HttpResponse ApiRouter::transition_incident(int64_t id, const HttpRequest& request, const Principal& who) {
  auto body = json_object(request);
  if (!body) return body.error();
  auto to = body->find("to");
  auto state = to != body->end() && to->is_string() ? incidents::parse_state(to->get<std::string>()) : std::nullopt;
  if (!state)
    return json_error(400, "bad body",
                      "\"to\" must be one of new, acknowledged, investigating, contained, resolved, closed");
  auto moved = store_.transition_incident(id, *state, actor_of(who));
  if (!moved) return storage_failure(moved.error());
  if (moved->outcome == TransitionOutcome::not_found) return json_error(404, "not found", moved->detail);
  if (moved->outcome == TransitionOutcome::refused) return json_error(409, "invalid transition", moved->detail);
  return show_incident(id);
}

HttpResponse ApiRouter::list_assets() {
  auto assets = store_.assets();
  if (!assets) return storage_failure(assets.error());
  json list = json::array();
  for (const auto& asset : *assets) list.push_back(asset_json(asset));
  return json_body(200, json{{"assets", std::move(list)}});
}

HttpResponse ApiRouter::put_asset(const HttpRequest& request, const Principal& who) {
  auto body = json_object(request);
  if (!body) return body.error();
  incidents::Asset asset;
  auto network = body->find("network");
  if (network == body->end() || !network->is_string())
    return json_error(400, "bad body", "\"network\" (an address or CIDR) is required");
  asset.network = network->get<std::string>();
  for (auto [key, field] : {std::pair{"organisation", &asset.organisation}, std::pair{"sector", &asset.sector}}) {
    auto value = body->find(key);
    if (value == body->end()) continue;
    if (!value->is_string()) return json_error(400, "bad body", fmt::format("\"{}\" must be a string", key));
    *field = value->get<std::string>();
  }
  if (auto critical = body->find("critical_infrastructure"); critical != body->end()) {
    if (!critical->is_boolean()) return json_error(400, "bad body", "\"critical_infrastructure\" must be true or false");
    asset.critical_infrastructure = critical->get<bool>();
  }
  if (auto level = body->find("protection_level"); level != body->end()) {
    if (!level->is_number_integer() || *level < 1 || *level > 5)
      return json_error(400, "bad body", "\"protection_level\" must be an integer from 1 to 5");
    asset.protection_level = level->get<int>();
  }
  auto service = incident_service();
  if (!service) return storage_failure(service.error());
  auto put = (*service)->put_asset(asset, actor_of(who));
  if (!put) return json_error(400, "bad asset", put.error());
  if (!*put) return storage_failure(put->error());
  return json_body(200, asset_json(asset));
}

}  // namespace rampart::center
