#include "center/api/api_router.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "center/api/alert_json.hpp"
#include "center/api/alert_query_params.hpp"
#include "center/api/openapi.hpp"
#include "center/api/query_string.hpp"
#include "center/identity/credentials.hpp"
#include "center/ingest/eve_time.hpp"
#include "center/ingest/gzip.hpp"
#include "center/ingest/ndjson_batch.hpp"
#include "center/notify/notifier.hpp"
#include "center/sharing/sensor_indicators.hpp"
#include "center/taxii/taxii_http.hpp"

namespace rampart::center {

namespace {

using nlohmann::json;

constexpr size_t kMaxBatchIdLength = 128;
// About what an alert's fields take beside its event in a search page, to size the body once.
constexpr size_t kAlertFieldsBytes = 320;

HttpResponse json_response(const json& body) {
  HttpResponse response;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

HttpResponse store_failure(const StoreError& error) { return json_error(500, "storage failure", error.detail); }

HttpResponse method_not_allowed(std::string_view allowed) {
  auto response = json_error(405, "method not allowed", fmt::format("use {}", allowed));
  response.allow = allowed;
  return response;
}

bool is_reader(Role role) { return role == Role::admin || role == Role::analyst || role == Role::viewer; }

bool valid_batch_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxBatchIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
  });
}

// The media type without parameters, lower-cased: "Application/X-NDJSON; charset=utf-8" -> "application/x-ndjson".
std::string media_type(std::string_view content_type) {
  std::string out(content_type.substr(0, content_type.find(';')));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  std::transform(out.begin(), out.end(), out.begin(), [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; });
  return out;
}

}  // namespace

HttpResponse ApiRouter::handle(const HttpRequest& request) {
  HttpResponse response = route(request);
  metrics_.count_response(response.status);
  return response;
}

HttpResponse ApiRouter::route(const HttpRequest& request) {
  auto target = parse_target(request.target);
  // --- TAXII 2.1 (src/center/taxii): its own authentication, media type and error bodies.
  if (taxii::is_taxii_path(request.target)) {
    if (!target) return taxii::taxii_error(400, "bad request target", target.error());
    return taxii_.handle(request, *target);
  }
  // --- end of TAXII
  if (!target) return json_error(400, "bad request target", target.error());
  const auto& path = target->path;
  if (path == "/healthz") {
    if (request.method != "GET") return method_not_allowed("GET");
    return json_response(json{{"status", "ok"}});
  }
  if (path == "/api/v1/openapi.json") {
    if (request.method != "GET") return method_not_allowed("GET");
    HttpResponse response;
    response.body = openapi_document();
    return response;
  }
  auto token = bearer_token(request.authorization);
  if (token.empty()) return json_error(401, "unauthorized", "send Authorization: Bearer TOKEN");
  auto principal = store_.find_token(token_hash(token));
  if (!principal) return store_failure(principal.error());
  if (!*principal) return json_error(401, "unauthorized", "unknown token");
  const Principal& who = **principal;

  if (path == "/api/v1/sensor/indicators") return sharing::sensor_indicators(store_, who, request.method, target->params);
  if (is_share_path(path)) return share_routes(request, path, target->params, who);
  // Incidents and assets: handled in incident_routes.cpp and incident_case_routes.cpp.
  if (path == "/api/v1/incidents" || path.starts_with("/api/v1/incidents/") || path == "/api/v1/assets")
    return incident_routes(request, path, target->params, who);
  if (path == "/api/v1/organisations" || path == "/api/v1/users" || path.starts_with("/api/v1/users/"))
    return admin_routes(request, path, target->params, who);

  struct Route {
    std::string_view path;
    std::string_view method;
  };
  static constexpr std::array<Route, 5> kRoutes{{{"/metrics", "GET"},
                                                 {"/api/v1/events", "POST"},
                                                 {"/api/v1/alerts", "GET"},
                                                 {"/api/v1/sensors", "GET"},
                                                 {"/api/v1/stats", "GET"}}};
  auto route = std::find_if(kRoutes.begin(), kRoutes.end(), [&](const Route& r) { return r.path == path; });
  if (route == kRoutes.end()) return json_error(404, "not found", fmt::format("no resource {}", path));
  if (request.method != route->method) return method_not_allowed(route->method);

  if (path == "/api/v1/events") {
    if (who.role != Role::sensor) return json_error(403, "forbidden", "only sensor tokens may ingest events");
    auto batch = target->params.find("batch");
    if (target->params.size() != (batch == target->params.end() ? 0u : 1u))
      return json_error(400, "bad parameter", "only the \"batch\" parameter is accepted");
    return ingest(request, who, batch == target->params.end() ? std::string() : batch->second);
  }
  if (!is_reader(who.role)) return json_error(403, "forbidden", fmt::format("the {} role cannot read", role_name(who.role)));
  if (path == "/api/v1/alerts") return list_alerts(target->params);
  if (!target->params.empty()) return json_error(400, "bad parameter", fmt::format("{} takes no parameters", path));
  if (path == "/api/v1/sensors") return list_sensors();
  if (path == "/api/v1/stats") return stats();
  return metrics();
}

HttpResponse ApiRouter::ingest(const HttpRequest& request, const Principal& sensor, const std::string& batch_param) {
  auto rejected = [this](HttpResponse response) {
    metrics_.count_batch(Metrics::BatchResult::rejected, 0, 0);
    return response;
  };
  if (!batch_param.empty() && !request.batch_header.empty() && batch_param != request.batch_header)
    return rejected(json_error(400, "bad batch id", "the batch parameter and X-Rampart-Batch differ"));
  const std::string& batch_id = batch_param.empty() ? request.batch_header : batch_param;
  if (!valid_batch_id(batch_id))
    return rejected(json_error(400, "bad batch id",
                               "give ?batch=ID or X-Rampart-Batch: ID, 1-128 characters of A-Z a-z 0-9 - _ . :"));
  auto type = media_type(request.content_type);
  if (type != "application/x-ndjson" && type != "application/ndjson")
    return rejected(json_error(415, "unsupported media type", "send Content-Type: application/x-ndjson"));
  auto encoding = media_type(request.content_encoding);
  std::string inflated;
  if (encoding == "gzip") {
    auto body = gunzip(request.body, limits_.max_decompressed_bytes);
    if (!body && body.error() == GunzipError::too_large)
      return rejected(json_error(413, "payload too large",
                                 fmt::format("more than {} bytes after decompression", limits_.max_decompressed_bytes)));
    if (!body) return rejected(json_error(400, "bad gzip body", "the body is not valid gzip"));
    inflated = std::move(*body);
  } else if (!encoding.empty() && encoding != "identity") {
    return rejected(json_error(415, "unsupported content encoding", "use gzip or no Content-Encoding"));
  }
  auto batch = parse_ndjson_batch(encoding == "gzip" ? std::string_view(inflated) : std::string_view(request.body));
  if (!batch) {
    auto detail = batch.error().line == 0 ? batch.error().detail
                                          : fmt::format("line {}: {}", batch.error().line, batch.error().detail);
    auto response = json_error(400, "malformed events", detail);
    if (batch.error().line != 0) {
      auto body = json::parse(response.body);
      body["line"] = batch.error().line;
      response.body = body.dump();
    }
    return rejected(std::move(response));
  }
  auto service = incident_service();
  if (!service) return store_failure(service.error());
  StoreResult<BatchAck> ack;
  {
    std::lock_guard order(ingest_order_);
    ack = store_.ingest(sensor, batch_id, *batch);
    if (ack) (*service)->submit(sensor.name, *batch, *ack);
  }
  if (!ack) return store_failure(ack.error());
  metrics_.count_batch(ack->duplicate ? Metrics::BatchResult::duplicate : Metrics::BatchResult::stored, ack->alerts,
                       ack->other_events);
  return json_response(json{{"batch", ack->batch_id},
                            {"alerts", ack->alerts},
                            {"other_events", ack->other_events},
                            {"duplicate", ack->duplicate}});
}

HttpResponse ApiRouter::list_alerts(const std::map<std::string, std::string>& params) {
  auto query = parse_alert_query(params);
  if (!query) return json_error(400, "bad parameter", query.error());
  auto page = store_.alerts(*query);
  if (!page) return store_failure(page.error());
  HttpResponse response;
  size_t bytes = 64;
  for (const auto& stored : page->alerts) bytes += stored.alert.eve_json.size() + kAlertFieldsBytes;
  response.body.reserve(bytes);
  response.body += "{\"alerts\":[";
  for (size_t i = 0; i < page->alerts.size(); ++i) {
    if (i != 0) response.body += ',';
    append_alert_json(response.body, page->alerts[i]);
  }
  response.body += "],\"next\":";
  if (page->next) append_json_string(response.body, encode_cursor(*page->next));
  else response.body += "null";
  response.body += '}';
  return response;
}

HttpResponse ApiRouter::list_sensors() {
  auto sensors = store_.sensors();
  if (!sensors) return store_failure(sensors.error());
  json list = json::array();
  for (const auto& sensor : *sensors) {
    json entry{{"id", sensor.id},
               {"name", sensor.name},
               {"organisation", sensor.organisation},
               {"batches", sensor.batches},
               {"alerts", sensor.alerts},
               {"last_batch", nullptr}};
    if (sensor.last_batch_us) entry["last_batch"] = format_utc_time(*sensor.last_batch_us);
    list.push_back(std::move(entry));
  }
  return json_response(json{{"sensors", std::move(list)}});
}

HttpResponse ApiRouter::stats() {
  auto totals = store_.stats();
  if (!totals) return store_failure(totals.error());
  return json_response(json{{"sensors", totals->sensors},
                            {"users", totals->users},
                            {"batches", totals->batches},
                            {"alerts", totals->alerts},
                            {"other_events", totals->other_events}});
}

HttpResponse ApiRouter::metrics() {
  auto totals = store_.stats();
  if (!totals) return store_failure(totals.error());
  HttpResponse response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = metrics_.render(*totals);
  if (auto service = incident_service(); service) {
    response.body += "# HELP rampart_center_correlation_backlog_alerts Alerts acknowledged and not yet correlated.\n";
    response.body += "# TYPE rampart_center_correlation_backlog_alerts gauge\n";
    response.body += fmt::format("rampart_center_correlation_backlog_alerts {}\n", (*service)->backlog());
  }
  if (notifier_) response.body += notifier_->render_metrics();
  for (const auto& render : metrics_sources_) response.body += render();
  return response;
}

void ApiRouter::announce(int64_t incident_id, bool created, std::optional<int> previous_level) {
  if (!notifier_ || (!created && !previous_level)) return;
  notifier_->notify({created ? notify::IncidentEvent::created : notify::IncidentEvent::escalated, incident_id,
                     created ? std::nullopt : previous_level});
}

}  // namespace rampart::center
