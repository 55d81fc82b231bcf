// Case management over /api/v1/incidents: the filtered, paged list, manual
// creation, edits (title, assignee, category, level with a reason), reopening,
// notes, tasks (added, done/undone), linked alerts and observables. Bodies are
// parsed by incident_requests.cpp; the store writes each change to the timeline
// and the audit log.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <nlohmann/json.hpp>

#include "center/api/api_replies.hpp"
#include "center/api/api_router.hpp"
#include "center/api/incident_requests.hpp"

namespace rampart::center {

namespace {

using nlohmann::json;

std::optional<int64_t> parse_task_id(std::string_view text) {
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

HttpResponse bad_body(const std::string& detail) { return json_error(400, "bad body", detail); }

}  // namespace

HttpResponse ApiRouter::incident_member_routes(int64_t id, std::string_view rest, const HttpRequest& request,
                                               const Principal& who) {
  auto not_found = [&] { return json_error(404, "not found", fmt::format("no resource {}", request.target)); };
  if (rest.starts_with("/tasks/")) {
    auto task_id = parse_task_id(rest.substr(std::string_view("/tasks/").size()));
    if (!task_id) return not_found();
    if (request.method != "PATCH") return wrong_method("PATCH");
    auto body = json_object(request);
    if (!body) return body.error();
    auto done = parse_task_done(*body);
    if (!done) return bad_body(done.error());
    return apply_change(id, TaskUpdate{*task_id, *done}, who);
  }
  static constexpr std::array<std::string_view, 6> kMembers{"/transition", "/reopen", "/notes",
                                                            "/tasks",      "/alerts", "/observables"};
  if (std::find(kMembers.begin(), kMembers.end(), rest) == kMembers.end()) return not_found();
  if (request.method != "POST") return wrong_method("POST");
  if (rest == "/transition") return transition_incident(id, request, who);
  if (rest == "/reopen") return reopen_incident(id, who);
  auto body = json_object(request);
  if (!body) return body.error();
  if (rest == "/notes") {
    auto note = parse_note(*body);
    if (!note) return bad_body(note.error());
    return apply_change(id, std::move(*note), who);
  }
  if (rest == "/tasks") {
    auto task = parse_task(*body);
    if (!task) return bad_body(task.error());
    return apply_change(id, std::move(*task), who);
  }
  if (rest == "/alerts") {
    auto links = parse_alert_links(*body);
    if (!links) return bad_body(links.error());
    return apply_change(id, std::move(*links), who);
  }
  auto observable = parse_observable(*body);
  if (!observable) return bad_body(observable.error());
  return apply_change(id, std::move(*observable), who);
}

HttpResponse ApiRouter::list_incidents(const std::map<std::string, std::string>& params) {
  auto query = parse_incident_query(params);
  if (!query) return json_error(400, "bad parameter", query.error());
  auto page = store_.incidents(*query);
  if (!page) return storage_failure(page.error());
  json list = json::array();
  for (const auto& record : page->incidents) list.push_back(incident_summary_json(record));
  json body{{"incidents", std::move(list)}, {"next", nullptr}};
  if (page->next) body["next"] = encode_incident_cursor(*page->next);
  return json_body(200, body);
}

std::optional<HttpResponse> ApiRouter::unknown_assignee(const std::string& assignee) {
  if (assignee.empty()) return std::nullopt;
  auto user = store_.password_hash(assignee);
  if (!user) return storage_failure(user.error());
  if (!*user) return json_error(422, "unknown assignee", fmt::format("no user \"{}\"", assignee));
  return std::nullopt;
}

HttpResponse ApiRouter::create_incident(const HttpRequest& request, const Principal& who) {
  auto body = json_object(request);
  if (!body) return body.error();
  auto incident = parse_new_incident(*body);
  if (!incident) return bad_body(incident.error());
  if (auto refused = unknown_assignee(incident->assignee)) return std::move(*refused);
  incident->created_us = clock_now_us();
  incident->deadline_after_us = correlation_.deadline_us(static_cast<incidents::IncidentLevel>(incident->level));
  auto created = store_.create_incident(*incident, actor_of(who));
  if (!created) return storage_failure(created.error());
  if (created->outcome != ChangeOutcome::done || !created->created_id)
    return json_error(422, "invalid incident", created->detail);
  announce(*created->created_id, true, std::nullopt);
  return show_incident(*created->created_id, 201);
}

HttpResponse ApiRouter::edit_incident(int64_t id, const HttpRequest& request, const Principal& who) {
  auto body = json_object(request);
  if (!body) return body.error();
  auto edit = parse_incident_edit(*body);
  if (!edit) return bad_body(edit.error());
  if (edit->assignee)
    if (auto refused = unknown_assignee(*edit->assignee)) return std::move(*refused);
  if (edit->level) edit->deadline_after_us = correlation_.deadline_us(static_cast<incidents::IncidentLevel>(*edit->level));
  return apply_change(id, std::move(*edit), who);
}

HttpResponse ApiRouter::reopen_incident(int64_t id, const Principal& who) {
  auto record = store_.incident(id);
  if (!record) return storage_failure(record.error());
  if (!*record) return json_error(404, "not found", fmt::format("no incident {}", id));
  auto state = (*record)->state;
  if (state != incidents::IncidentState::resolved && state != incidents::IncidentState::closed)
    return json_error(409, "invalid transition",
                      fmt::format("only a resolved or closed incident can be reopened; it is {}", incidents::state_name(state)));
  auto moved = store_.transition_incident(id, incidents::IncidentState::investigating, actor_of(who));
  if (!moved) return storage_failure(moved.error());
  if (moved->outcome == TransitionOutcome::not_found) return json_error(404, "not found", moved->detail);
  if (moved->outcome == TransitionOutcome::refused) return json_error(409, "invalid transition", moved->detail);
  return show_incident(id);
}

HttpResponse ApiRouter::apply_change(int64_t id, const IncidentChange& change, const Principal& who) {
  auto result = store_.change_incident(id, change, actor_of(who));
  if (!result) return storage_failure(result.error());
  if (result->outcome == ChangeOutcome::not_found) return json_error(404, "not found", result->detail);
  if (result->outcome == ChangeOutcome::invalid) return json_error(422, "invalid change", result->detail);
  announce(id, false, result->previous_level);
  bool adds = !std::holds_alternative<IncidentEdit>(change) && !std::holds_alternative<TaskUpdate>(change);
  return show_incident(id, adds ? 201 : 200);
}

}  // namespace rampart::center
