#include "center/api/api_replies.hpp"

#include <fmt/format.h>

#include <chrono>

#include "center/incidents/classification.hpp"
#include "center/ingest/eve_time.hpp"

namespace rampart::center {

using nlohmann::json;

HttpResponse json_body(unsigned status, const json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return response;
}

HttpResponse storage_failure(const StoreError& error) { return json_error(500, "storage failure", error.detail); }

HttpResponse wrong_method(std::string_view allowed) {
  auto response = json_error(405, "method not allowed", fmt::format("use {}", allowed));
  response.allow = allowed;
  return response;
}

std::expected<json, HttpResponse> json_object(const HttpRequest& request) {
  auto type = request.content_type.substr(0, request.content_type.find(';'));
  if (type != "application/json") return std::unexpected(json_error(415, "unsupported media type", "send application/json"));
  auto body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) return std::unexpected(json_error(400, "bad body", "the body must be a JSON object"));
  return body;
}

int64_t clock_now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string actor_of(const Principal& who) { return fmt::format("user:{}", who.name); }

json incident_summary_json(const IncidentRecord& record) {
  return json{{"id", record.id},
              {"title", record.title},
              {"state", incidents::state_name(record.state)},
              {"category", record.category},
              {"level", incidents::level_name(static_cast<incidents::IncidentLevel>(record.level))},
              {"assignee", record.assignee.empty() ? json(nullptr) : json(record.assignee)},
              {"created", format_utc_time(record.created_us)},
              {"deadline", format_utc_time(record.deadline_us)},
              {"overdue", incidents::is_overdue(record.deadline_us, record.acknowledged_us, clock_now_us())},
              {"correlation_key", record.correlation_key.empty() ? json(nullptr) : json(record.correlation_key)}};
}

json incident_json(const IncidentRecord& record) {
  json body = incident_summary_json(record);
  json timeline = json::array();
  for (const auto& entry : record.timeline)
    timeline.push_back({{"time", format_utc_time(entry.time_us)}, {"actor", entry.actor}, {"change", entry.change}});
  json notes = json::array();
  for (const auto& note : record.notes)
    notes.push_back({{"time", format_utc_time(note.time_us)}, {"author", note.author}, {"text", note.text}});
  json tasks = json::array();
  for (const auto& task : record.tasks) tasks.push_back({{"id", task.id}, {"title", task.title}, {"done", task.done}});
  json observables = json::array();
  for (const auto& observable : record.observables)
    observables.push_back({{"type", observable.type}, {"value", observable.value}});
  body["alerts"] = record.alert_ids;
  body["notes"] = std::move(notes);
  body["tasks"] = std::move(tasks);
  body["observables"] = std::move(observables);
  body["timeline"] = std::move(timeline);
  return body;
}

}  // namespace rampart::center
