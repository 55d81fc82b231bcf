#include "center/api/incident_requests.hpp"

#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <initializer_list>

#include "center/api/alert_query_params.hpp"
#include "center/incidents/classification.hpp"
#include "center/ingest/eve_time.hpp"

namespace rampart::center {

namespace {

using nlohmann::json;

constexpr size_t kMaxTitle = 500;
constexpr size_t kMaxText = 20000;
constexpr size_t kMaxName = 128;
constexpr size_t kMaxObservable = 2048;

std::optional<int64_t> parse_integer(std::string_view text) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int64_t> parse_time(std::string_view text) {
  if (auto seconds = parse_integer(text)) {
    if (*seconds < 0 || *seconds > int64_t{1} << 40) return std::nullopt;
    return *seconds * 1000000;
  }
  return parse_eve_time(text);
}

std::string bad(std::string_view name, std::string_view value, std::string_view expected) {
  return fmt::format("parameter \"{}\": \"{}\" is not {}", name, value, expected);
}

// Refuses members outside `known`.
std::expected<void, std::string> only_members(const json& body, std::initializer_list<std::string_view> known) {
  if (!body.is_object()) return std::unexpected("the body must be a JSON object");
  for (const auto& [key, value] : body.items())
    if (std::find(known.begin(), known.end(), key) == known.end())
      return std::unexpected(fmt::format("unknown member \"{}\"", key));
  return {};
}

// The string member `name`: nullopt when absent, an error when not a string of 1..max bytes.
std::expected<std::optional<std::string>, std::string> string_member(const json& body, const char* name, size_t max) {
  auto found = body.find(name);
  if (found == body.end()) return std::optional<std::string>{};
  if (!found->is_string()) return std::unexpected(fmt::format("\"{}\" must be a string", name));
  auto text = found->get<std::string>();
  if (text.empty() || text.size() > max) return std::unexpected(fmt::format("\"{}\" must have 1..{} characters", name, max));
  return std::optional<std::string>(std::move(text));
}

std::expected<std::string, std::string> required_string(const json& body, const char* name, size_t max) {
  auto text = string_member(body, name, max);
  if (!text) return std::unexpected(text.error());
  if (!*text) return std::unexpected(fmt::format("\"{}\" is required", name));
  return std::move(**text);
}

std::expected<std::string, std::string> category_member(const json& value) {
  auto name = value.is_string() ? value.get<std::string>() : std::string();
  if (!incidents::parse_category(name))
    return std::unexpected(
        "\"category\" must be one of harmful-program, network-attack, information-destruction, equipment-failure, "
        "disaster, other");
  return name;
}

std::expected<std::vector<int64_t>, std::string> alert_ids(const json& value) {
  if (!value.is_array() || value.size() > kMaxLinkedAlerts)
    return std::unexpected(fmt::format("\"alerts\" must be an array of at most {} alert ids", kMaxLinkedAlerts));
  std::vector<int64_t> ids;
  for (const auto& id : value) {
    if (!id.is_number_integer() || id.get<int64_t>() <= 0)
      return std::unexpected("\"alerts\" must hold positive integer alert ids");
    ids.push_back(id.get<int64_t>());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

bool is_hex(std::string_view text, size_t length) {
  return text.size() == length && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
         });
}

bool is_domain(std::string_view text) {
  if (text.size() > 253 || text.empty() || text.front() == '.' || text.back() == '.' || text.find("..") != text.npos)
    return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
  });
}

bool is_printable(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; });
}

std::expected<void, std::string> check_observable(const std::string& type, const std::string& value) {
  auto refuse = [&] { return std::unexpected(fmt::format("\"value\" is not a valid {}", type)); };
  if (type == "ipv4-addr" || type == "ipv6-addr") {
    std::array<unsigned char, 16> address{};
    if (inet_pton(type == "ipv4-addr" ? AF_INET : AF_INET6, value.c_str(), address.data()) != 1) return refuse();
  } else if (type == "domain-name") {
    if (!is_domain(value)) return refuse();
  } else if (type == "url") {
    auto scheme = value.find("://");
    if (scheme == std::string::npos || scheme == 0 || !is_printable(value)) return refuse();
  } else if (type == "email-addr") {
    auto at = value.find('@');
    if (at == std::string::npos || at == 0 || !is_domain(std::string_view(value).substr(at + 1)) || !is_printable(value))
      return refuse();
  } else if (type == "md5" || type == "sha1" || type == "sha256") {
    size_t length = type == "md5" ? 32 : type == "sha1" ? 40 : 64;
    if (!is_hex(value, length)) return refuse();
  } else {
    return std::unexpected("\"type\" must be one of ipv4-addr, ipv6-addr, domain-name, url, email-addr, md5, sha1, sha256");
  }
  return {};
}

}  // namespace

std::optional<int> parse_level_value(const json& value) {
  if (value.is_number_integer()) {
    auto level = value.get<int64_t>();
    if (level < 1 || level > 4) return std::nullopt;
    return static_cast<int>(level);
  }
  if (!value.is_string()) return std::nullopt;
  auto level = incidents::parse_level(value.get<std::string>());
  if (!level) return std::nullopt;
  return static_cast<int>(*level);
}

std::expected<IncidentQuery, std::string> parse_incident_query(const std::map<std::string, std::string>& params) {
  IncidentQuery query;
  query.limit = kDefaultIncidentLimit;
  for (const auto& [name, value] : params) {
    if (name == "since" || name == "until") {
      auto time = parse_time(value);
      if (!time) return std::unexpected(bad(name, value, "a time (RFC 3339 or seconds since the epoch)"));
      (name == "since" ? query.since_us : query.until_us) = *time;
    } else if (name == "state") {
      query.state = incidents::parse_state(value);
      if (!query.state) return std::unexpected(bad(name, value, "an incident state"));
    } else if (name == "level") {
      auto number = parse_integer(value);
      auto level = parse_level_value(number ? json(*number) : json(value));
      if (!level) return std::unexpected(bad(name, value, "a level I..IV or 1..4"));
      query.level = *level;
    } else if (name == "category") {
      if (!incidents::parse_category(value)) return std::unexpected(bad(name, value, "an incident category"));
      query.category = value;
    } else if (name == "assignee") {
      query.assignee = value;
    } else if (name == "limit") {
      auto limit = parse_integer(value);
      if (!limit || *limit < 1 || *limit > static_cast<int64_t>(kMaxIncidentLimit))
        return std::unexpected(bad(name, value, fmt::format("a count 1..{}", kMaxIncidentLimit)));
      query.limit = static_cast<size_t>(*limit);
    } else if (name == "next") {
      auto cursor = decode_cursor(value);
      if (!cursor) return std::unexpected(bad(name, value, "a cursor from an earlier page"));
      query.after = IncidentCursor{cursor->time_us, cursor->id};
    } else {
      return std::unexpected(fmt::format("unknown parameter \"{}\"", name));
    }
  }
  return query;
}

std::string encode_incident_cursor(const IncidentCursor& cursor) {
  return encode_cursor(AlertCursor{cursor.created_us, cursor.id});
}

std::expected<NewIncident, std::string> parse_new_incident(const json& body) {
  if (auto known = only_members(body, {"title", "category", "level", "assignee", "alerts"}); !known)
    return std::unexpected(known.error());
  NewIncident incident;
  auto title = required_string(body, "title", kMaxTitle);
  if (!title) return std::unexpected(title.error());
  incident.title = std::move(*title);
  auto category = body.find("category");
  if (category == body.end()) return std::unexpected("\"category\" is required");
  auto category_name = category_member(*category);
  if (!category_name) return std::unexpected(category_name.error());
  incident.category = std::move(*category_name);
  auto level = body.find("level");
  auto level_value = level == body.end() ? std::nullopt : parse_level_value(*level);
  if (!level_value) return std::unexpected("\"level\" is required: I, II, III or IV (or 1..4)");
  incident.level = *level_value;
  auto assignee = string_member(body, "assignee", kMaxName);
  if (!assignee) return std::unexpected(assignee.error());
  incident.assignee = assignee->value_or("");
  if (auto alerts = body.find("alerts"); alerts != body.end()) {
    auto ids = alert_ids(*alerts);
    if (!ids) return std::unexpected(ids.error());
    incident.alert_ids = std::move(*ids);
  }
  return incident;
}

std::expected<IncidentEdit, std::string> parse_incident_edit(const json& body) {
  if (auto known = only_members(body, {"title", "assignee", "category", "level", "reason"}); !known)
    return std::unexpected(known.error());
  IncidentEdit edit;
  auto title = string_member(body, "title", kMaxTitle);
  if (!title) return std::unexpected(title.error());
  edit.title = std::move(*title);
  if (auto assignee = body.find("assignee"); assignee != body.end()) {
    if (assignee->is_null()) {
      edit.assignee = std::string();
    } else {
      auto name = string_member(body, "assignee", kMaxName);
      if (!name) return std::unexpected(name.error());
      edit.assignee = std::move(*name);
    }
  }
  if (auto category = body.find("category"); category != body.end()) {
    auto name = category_member(*category);
    if (!name) return std::unexpected(name.error());
    edit.category = std::move(*name);
  }
  auto reason = string_member(body, "reason", kMaxText);
  if (!reason) return std::unexpected(reason.error());
  if (auto level = body.find("level"); level != body.end()) {
    edit.level = parse_level_value(*level);
    if (!edit.level) return std::unexpected("\"level\" must be I, II, III or IV (or 1..4)");
    if (!*reason) return std::unexpected("a \"level\" change needs a \"reason\"");
    edit.level_reason = std::move(**reason);
  } else if (*reason) {
    return std::unexpected("\"reason\" goes with a \"level\" change");
  }
  if (!edit.title && !edit.assignee && !edit.category && !edit.level)
    return std::unexpected("nothing to change: give title, assignee, category or level");
  return edit;
}

std::expected<NoteAddition, std::string> parse_note(const json& body) {
  if (auto known = only_members(body, {"text"}); !known) return std::unexpected(known.error());
  auto text = required_string(body, "text", kMaxText);
  if (!text) return std::unexpected(text.error());
  return NoteAddition{std::move(*text)};
}

std::expected<TaskAddition, std::string> parse_task(const json& body) {
  if (auto known = only_members(body, {"title"}); !known) return std::unexpected(known.error());
  auto title = required_string(body, "title", kMaxTitle);
  if (!title) return std::unexpected(title.error());
  return TaskAddition{std::move(*title)};
}

std::expected<bool, std::string> parse_task_done(const json& body) {
  if (auto known = only_members(body, {"done"}); !known) return std::unexpected(known.error());
  auto done = body.find("done");
  if (done == body.end() || !done->is_boolean()) return std::unexpected("\"done\" (true or false) is required");
  return done->get<bool>();
}

std::expected<AlertLinks, std::string> parse_alert_links(const json& body) {
  if (auto known = only_members(body, {"alerts"}); !known) return std::unexpected(known.error());
  auto alerts = body.find("alerts");
  if (alerts == body.end()) return std::unexpected("\"alerts\" is required");
  auto ids = alert_ids(*alerts);
  if (!ids) return std::unexpected(ids.error());
  if (ids->empty()) return std::unexpected("\"alerts\" must not be empty");
  return AlertLinks{std::move(*ids)};
}

std::expected<ObservableAddition, std::string> parse_observable(const json& body) {
  if (auto known = only_members(body, {"type", "value"}); !known) return std::unexpected(known.error());
  auto type = required_string(body, "type", kMaxName);
  if (!type) return std::unexpected(type.error());
  auto value = required_string(body, "value", kMaxObservable);
  if (!value) return std::unexpected(value.error());
  if (auto valid = check_observable(*type, *value); !valid) return std::unexpected(valid.error());
  return ObservableAddition{Observable{std::move(*type), std::move(*value)}};
}

}  // namespace rampart::center
