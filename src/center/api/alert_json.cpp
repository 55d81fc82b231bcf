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

// ,"key": (every field but the first).
void append_key(std::string& out, std::string_view key) {
  out += ",\"";
  out += key;
  out += "\":";
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
  append_key(out, "id");
  append_integer(out, stored.id);
  append_key(out, "sensor");
  append_json_string(out, stored.sensor);
  append_key(out, "severity");
  append_integer(out, alert.severity);
  append_key(out, "signature");
  append_json_string(out, alert.signature);
  append_key(out, "signature_id");
  append_integer(out, alert.signature_id);
  append_key(out, "src_ip");
  append_json_string(out, alert.src_ip);
  append_key(out, "time");
  append_json_string(out, format_utc_time(alert.time_us));
  append_key(out, "event");
  out += alert.eve_json.empty() ? std::string_view("null") : std::string_view(alert.eve_json);
  out += '}';
}

}  // namespace rampart::center
