#include "center/api/openapi.hpp"

#include <array>
#include <nlohmann/json.hpp>

namespace rampart::center {

namespace {

using nlohmann::json;

constexpr std::string_view kReaders = "admin, analyst, viewer";
constexpr std::string_view kWriters = "admin, analyst";

constexpr std::array<ApiOperation, 38> kOperations{{
    {"get", "/healthz", "Liveness check", "anyone", false},
    {"get", "/metrics", "Prometheus counters of the center", "any token", false},
    {"get", "/api/v1/openapi.json", "This document", "anyone", false},
    {"post", "/api/v1/events", "Ingest a batch of EVE events (application/x-ndjson, optionally gzip)", "sensor", false},
    {"get", "/api/v1/alerts", "Search alerts (filters and cursor)", kReaders, false},
    {"get", "/api/v1/sensors", "Sensors with batch and alert counts", kReaders, false},
    {"get", "/api/v1/stats", "Counts of sensors, users, batches, alerts and other events", kReaders, false},
    {"get", "/api/v1/incidents", "List incidents (state, level, category, assignee, since, until, limit, next)", kReaders, false},
    {"post", "/api/v1/incidents", "Open an incident by hand", kWriters, true},
    {"get", "/api/v1/incidents/{id}", "One incident with alerts, notes, tasks, observables and timeline", kReaders, false},
    {"patch", "/api/v1/incidents/{id}", "Change title, assignee, category or level (with a reason)", kWriters, true},
    {"post", "/api/v1/incidents/{id}/transition", "Move the incident along the workflow", kWriters, true},
    {"post", "/api/v1/incidents/{id}/reopen", "Reopen a resolved or closed incident", kWriters, false},
    {"post", "/api/v1/incidents/{id}/notes", "Add a note", kWriters, true},
    {"post", "/api/v1/incidents/{id}/tasks", "Add a task", kWriters, true},
    {"patch", "/api/v1/incidents/{id}/tasks/{task}", "Mark a task done or undone", kWriters, true},
    {"post", "/api/v1/incidents/{id}/alerts", "Link stored alerts", kWriters, true},
    {"post", "/api/v1/incidents/{id}/observables", "Add an observable", kWriters, true},
    {"post", "/api/v1/incidents/{id}/share",
     "Publish the incident into a TAXII collection: identity, report, sightings, observed-data "
     "({collection, tlp, include_sightings}; privacy-filtered)",
     kWriters, true},
    {"post", "/api/v1/alerts/{id}/sighting",
     "Publish a sighting of the STIX indicator an intel alert matched ({collection, tlp}; privacy-filtered)", kWriters,
     true},
    {"get", "/api/v1/assets", "The asset inventory", kReaders, false},
    {"post", "/api/v1/assets", "Add or replace an asset", kWriters, true},
    {"get", "/api/v1/organisations", "Organisations", "admin", false},
    {"post", "/api/v1/organisations", "Add an organisation", "admin", true},
    {"get", "/api/v1/users", "Users with role and organisation", "admin", false},
    {"post", "/api/v1/users", "Add a user (answers its first token)", "admin", true},
    {"post", "/api/v1/users/{name}/tokens", "Issue a further token for a user", "admin", false},
    {"get", "/taxii2/", "TAXII 2.1 discovery", "TAXII users", false},
    {"get", "/api1/", "TAXII 2.1 API root", "TAXII users", false},
    {"get", "/api1/status/{status}/", "TAXII status of an envelope POST", "TAXII users", false},
    {"get", "/api1/collections/", "TAXII collections the caller may read or write", "TAXII users", false},
    {"get", "/api1/collections/{collection}/", "One TAXII collection", "TAXII users", false},
    {"get", "/api1/collections/{collection}/objects/", "STIX objects (filters, pagination)", "TAXII readers", false},
    {"post", "/api1/collections/{collection}/objects/", "Add a STIX envelope", "TAXII writers", false},
    {"get", "/api1/collections/{collection}/objects/{object}/", "One STIX object's versions", "TAXII readers", false},
    {"delete", "/api1/collections/{collection}/objects/{object}/", "Delete a STIX object", "TAXII writers", false},
    {"get", "/api1/collections/{collection}/objects/{object}/versions/", "Versions of a STIX object", "TAXII readers", false},
    {"get", "/api1/collections/{collection}/manifest/", "Manifest of the STIX objects", "TAXII readers", false},
}};

// The {name} parameters of a path template.
json path_parameters(std::string_view path) {
  json parameters = json::array();
  for (size_t open = path.find('{'); open != std::string_view::npos; open = path.find('{', open + 1)) {
    auto close = path.find('}', open);
    parameters.push_back({{"name", std::string(path.substr(open + 1, close - open - 1))},
                          {"in", "path"},
                          {"required", true},
                          {"schema", {{"type", "string"}}}});
  }
  return parameters;
}

json operation_json(const ApiOperation& operation) {
  json out{{"summary", std::string(operation.summary)},
           {"description", "Callers: " + std::string(operation.roles)},
           {"responses",
            {{"200", {{"description", "Success (201 when something was created)"}}},
             {"4XX", {{"description", "Bad request: {\"error\", \"detail\"}"}, {"content", {{"application/json", json::object()}}}}},
             {"5XX", {{"description", "The store failed"}}}}}};
  auto parameters = path_parameters(operation.path);
  if (!parameters.empty()) out["parameters"] = std::move(parameters);
  if (operation.json_body)
    out["requestBody"] = {{"required", true},
                          {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  if (operation.roles != "anyone") out["security"] = json::array({{{"bearer", json::array()}}});
  return out;
}

std::string build_document() {
  json paths = json::object();
  for (const auto& operation : kOperations)
    paths[std::string(operation.path)][std::string(operation.method)] = operation_json(operation);
  json document{{"openapi", "3.0.3"},
                {"info",
                 {{"title", "Rampart center API"},
                  {"version", "1"},
                  {"description", "Ingest, alerts, incidents and case management, assets, organisations and users, "
                                  "TAXII 2.1. Errors are {\"error\": ..., \"detail\": ...}; see docs/center.md."}}},
                {"components", {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}}}},
                {"paths", std::move(paths)}};
  return document.dump(1);
}

}  // namespace

std::span<const ApiOperation> api_operations() { return kOperations; }

const std::string& openapi_document() {
  static const std::string document = build_document();
  return document;
}

}  // namespace rampart::center
