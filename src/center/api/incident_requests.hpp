#pragma once
// Parsing of the case-management requests of /api/v1/incidents: the list filters
// and cursor, and the JSON bodies of manual creation, edits, notes, tasks, alert
// links and observables. Bodies are strict (unknown members are errors); every
// error is a message naming the member or parameter, for a 400 body.
#include <expected>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "center/store/incident_records.hpp"

namespace rampart::center {

constexpr size_t kDefaultIncidentLimit = 100;
constexpr size_t kMaxIncidentLimit = 1000;
constexpr size_t kMaxLinkedAlerts = 1000;

std::expected<IncidentQuery, std::string> parse_incident_query(const std::map<std::string, std::string>& params);
std::string encode_incident_cursor(const IncidentCursor& cursor);

// A manual incident without its times (the router sets them from the clock and the
// configured deadlines).
std::expected<NewIncident, std::string> parse_new_incident(const nlohmann::json& body);
// An edit without its deadline.
std::expected<IncidentEdit, std::string> parse_incident_edit(const nlohmann::json& body);
std::expected<NoteAddition, std::string> parse_note(const nlohmann::json& body);
std::expected<TaskAddition, std::string> parse_task(const nlohmann::json& body);
// The done flag of PATCH .../tasks/ID (the id comes from the path).
std::expected<bool, std::string> parse_task_done(const nlohmann::json& body);
std::expected<AlertLinks, std::string> parse_alert_links(const nlohmann::json& body);
// Types: ipv4-addr, ipv6-addr, domain-name, url, email-addr, md5, sha1, sha256; the
// value must be of its type.
std::expected<ObservableAddition, std::string> parse_observable(const nlohmann::json& body);

// A level as "I".."IV" or 1..4.
std::optional<int> parse_level_value(const nlohmann::json& value);

}  // namespace rampart::center
