#include "center/ingest/ndjson_batch.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <limits>

#include "center/ingest/eve_time.hpp"

namespace rampart::center {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Severities beyond this are not Suricata's (1..255 in rules); larger values are refused.
constexpr int64_t kMaxSeverity = 255;
constexpr size_t kMaxEventTypeLength = 64;

// Absent is "", present must be a string.
std::expected<std::string_view, std::string> optional_string(const object& parent, std::string_view key,
                                                             std::string_view path) {
  element value;
  if (parent.at_key(key).get(value) != simdjson::SUCCESS) return std::string_view();
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return std::unexpected(fmt::format("\"{}\" is not a string", path));
  // A NUL (\u0000) would be cut or refused by the stores' text columns.
  if (text.find('\0') != std::string_view::npos) return std::unexpected(fmt::format("\"{}\" contains a NUL character", path));
  return text;
}

std::expected<int64_t, std::string> required_integer(const object& alert, std::string_view key, int64_t min, int64_t max) {
  element value;
  bool found = alert.at_key(key).get(value) == simdjson::SUCCESS;
  if (!found || (value.type() != element_type::INT64 && value.type() != element_type::UINT64))
    return std::unexpected(fmt::format("alert.{} is missing or not an integer", key));
  int64_t number = 0;
  if (value.get_int64().get(number) != simdjson::SUCCESS) {  // an unsigned number beyond int64
    uint64_t big = 0;
    if (value.get_uint64().get(big) != simdjson::SUCCESS) return std::unexpected(fmt::format("alert.{} is out of range", key));
    return std::unexpected(fmt::format("alert.{} {} is out of range", key, big));
  }
  if (number < min || number > max) return std::unexpected(fmt::format("alert.{} {} is out of range", key, number));
  return number;
}

std::expected<IngestedAlert, std::string> to_alert(const object& event, int64_t time_us, std::string_view line) {
  object alert;
  if (event.at_key("alert").get_object().get(alert) != simdjson::SUCCESS)
    return std::unexpected("alert event without an \"alert\" object");
  auto signature_id = required_integer(alert, "signature_id", 0, std::numeric_limits<int64_t>::max());
  if (!signature_id) return std::unexpected(signature_id.error());
  auto severity = required_integer(alert, "severity", 0, kMaxSeverity);
  if (!severity) return std::unexpected(severity.error());
  auto signature = optional_string(alert, "signature", "alert.signature");
  auto category = optional_string(alert, "category", "alert.category");
  auto src_ip = optional_string(event, "src_ip", "src_ip");
  auto dest_ip = optional_string(event, "dest_ip", "dest_ip");
  for (const auto* field : {&signature, &category, &src_ip, &dest_ip})
    if (!*field) return std::unexpected(field->error());
  IngestedAlert out;
  out.time_us = time_us;
  out.signature_id = *signature_id;
  out.severity = static_cast<int>(*severity);
  out.signature = *signature;
  out.src_ip = *src_ip;
  out.dest_ip = *dest_ip;
  out.eve_json = line;
  out.category = *category;
  return out;
}

std::string json_error(simdjson::error_code code) {
  switch (code) {
    case simdjson::NUMBER_ERROR:
    case simdjson::NUMBER_OUT_OF_RANGE:
      return "invalid JSON: a number is malformed or out of range";
    case simdjson::DEPTH_ERROR:
      return "invalid JSON: nested too deeply";
    default:
      return fmt::format("invalid JSON: {}", simdjson::error_message(code));
  }
}

// Full validation of every line (DOM, not on-demand): a batch with one malformed line
// anywhere is refused, not stored in part.
std::expected<void, std::string> add_line(simdjson::dom::parser& parser, std::string_view line, EventBatch& batch) {
  element document;
  if (auto code = parser.parse(line.data(), line.size()).get(document); code != simdjson::SUCCESS)
    return std::unexpected(json_error(code));
  object event;
  if (document.get_object().get(event) != simdjson::SUCCESS) return std::unexpected("not a JSON object");
  std::string_view type_name;
  if (event.at_key("event_type").get_string().get(type_name) != simdjson::SUCCESS)
    return std::unexpected("missing string \"event_type\"");
  std::string_view timestamp;
  if (event.at_key("timestamp").get_string().get(timestamp) != simdjson::SUCCESS)
    return std::unexpected("missing string \"timestamp\"");
  auto time_us = parse_eve_time(timestamp);
  if (!time_us) return std::unexpected(fmt::format("bad timestamp \"{}\"", timestamp));
  if (type_name.empty() || type_name.size() > kMaxEventTypeLength) return std::unexpected("bad \"event_type\"");
  if (type_name != "alert") {
    ++batch.other_events[std::string(type_name)];
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
  simdjson::dom::parser parser;
  size_t line_number = 0;
  while (!body.empty()) {
    ++line_number;
    size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    if (auto added = add_line(parser, line, batch); !added)
      return std::unexpected(IngestError{line_number, added.error()});
  }
  if (batch.alerts.empty() && batch.other_events.empty()) return std::unexpected(IngestError{0, "no events in the body"});
  return batch;
}

}  // namespace rampart::center
