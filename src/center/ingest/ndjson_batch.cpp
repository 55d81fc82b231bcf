#include "center/ingest/ndjson_batch.hpp"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "center/ingest/eve_time.hpp"

namespace rampart::center {

namespace {

using nlohmann::json;

// Severities beyond this are not Suricata's (1..255 in rules); larger values are refused.
constexpr int64_t kMaxSeverity = 255;
constexpr size_t kMaxEventTypeLength = 64;

std::expected<std::string, std::string> optional_string(const json& event, const char* key) {
  auto it = event.find(key);
  if (it == event.end()) return std::string();
  if (!it->is_string()) return std::unexpected(fmt::format("\"{}\" is not a string", key));
  return it->get<std::string>();
}

std::expected<int64_t, std::string> required_integer(const json& object, const char* key, int64_t min, int64_t max) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_number_integer())
    return std::unexpected(fmt::format("alert.{} is missing or not an integer", key));
  int64_t value = it->is_number_unsigned() && it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                      ? max + 1
                      : it->get<int64_t>();
  if (value < min || value > max) return std::unexpected(fmt::format("alert.{} {} is out of range", key, value));
  return value;
}

std::expected<IngestedAlert, std::string> to_alert(const json& event, int64_t time_us, std::string_view line) {
  auto alert = event.find("alert");
  if (alert == event.end() || !alert->is_object()) return std::unexpected("alert event without an \"alert\" object");
  IngestedAlert out;
  out.time_us = time_us;
  out.eve_json = std::string(line);
  auto signature_id = required_integer(*alert, "signature_id", 0, std::numeric_limits<int64_t>::max());
  if (!signature_id) return std::unexpected(signature_id.error());
  auto severity = required_integer(*alert, "severity", 0, kMaxSeverity);
  if (!severity) return std::unexpected(severity.error());
  auto signature = optional_string(*alert, "signature");
  auto src_ip = optional_string(event, "src_ip");
  auto dest_ip = optional_string(event, "dest_ip");
  for (const auto* field : {&signature, &src_ip, &dest_ip})
    if (!*field) return std::unexpected(field->error());
  out.signature_id = *signature_id;
  out.severity = static_cast<int>(*severity);
  out.signature = std::move(*signature);
  out.src_ip = std::move(*src_ip);
  out.dest_ip = std::move(*dest_ip);
  return out;
}

std::expected<void, std::string> add_line(std::string_view line, EventBatch& batch) {
  json event;
  try {
    event = json::parse(line);
  } catch (const json::parse_error& e) {
    return std::unexpected(fmt::format("invalid JSON at byte {}", e.byte));
  } catch (const json::out_of_range&) {  // a number beyond double, e.g. 1e999
    return std::unexpected("invalid JSON: a number is out of range");
  }
  if (!event.is_object()) return std::unexpected("not a JSON object");
  auto type = event.find("event_type");
  if (type == event.end() || !type->is_string()) return std::unexpected("missing string \"event_type\"");
  auto timestamp = event.find("timestamp");
  if (timestamp == event.end() || !timestamp->is_string()) return std::unexpected("missing string \"timestamp\"");
  auto time_us = parse_eve_time(timestamp->get_ref<const std::string&>());
  if (!time_us) return std::unexpected(fmt::format("bad timestamp \"{}\"", timestamp->get_ref<const std::string&>()));
  const auto& type_name = type->get_ref<const std::string&>();
  if (type_name.empty() || type_name.size() > kMaxEventTypeLength) return std::unexpected("bad \"event_type\"");
  if (type_name != "alert") {
    ++batch.other_events[type_name];
    return {};
  }
  auto alert = to_alert(event, *time_us, line);
  if (!alert) return std::unexpected(alert.error());
  batch.alerts.push_back(std::move(*alert));
  return {};
}

}  // namespace

std::expected<EventBatch, IngestError> parse_ndjson_batch(std::string_view body) {
  EventBatch batch;
  size_t line_number = 0;
  while (!body.empty()) {
    ++line_number;
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (auto added = add_line(line, batch); !added) return std::unexpected(IngestError{line_number, added.error()});
  }
  if (batch.alerts.empty() && batch.other_events.empty()) return std::unexpected(IngestError{0, "no events in the body"});
  return batch;
}

}  // namespace rampart::center
