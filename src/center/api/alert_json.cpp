#include "center/api/alert_json.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "center/ingest/eve_time.hpp"

namespace rampart::center {

namespace {

bool copied_as_is(char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; }

void append_integer(std::string& out, int64_t value) {
  char digits[24];
  auto written = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, written.ptr);
}

// ,"key":value (every field but the first).
void append_field(std::string& out, std::string_view key, int64_t value) {
  out += ",\"";
  out += key;
  out += "\":";
  append_integer(out, value);
}

void append_field(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  append_json_string(out, value);
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (std::all_of(text.begin(), text.end(), copied_as_is)) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += nlohmann::json(std::string(text)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void append_alert_json(std::string& out, const StoredAlert& stored) {
  const IngestedAlert& alert = stored.alert;
  out += "{\"dest_ip\":";
  append_json_string(out, alert.dest_ip);
  append_field(out, "id", stored.id);
  append_field(out, "sensor", stored.sensor);
  append_field(out, "severity", alert.severity);
  append_field(out, "signature", alert.signature);
  append_field(out, "signature_id", alert.signature_id);
  append_field(out, "src_ip", alert.src_ip);
  append_field(out, "time", format_utc_time(alert.time_us));
  out += ",\"event\":";
  out += alert.eve_json.empty() ? std::string_view("null") : std::string_view(alert.eve_json);
  out += '}';
}

}  // namespace rampart::center
