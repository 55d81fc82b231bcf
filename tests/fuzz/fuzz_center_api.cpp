// Fuzzes the parsers of the center API's case-management requests. The first byte
// picks the parser: 0 a request target with incident list filters, 1..7 a JSON
// body (manual incident, edit, note, task, task done, alert links, observable).
// Accepted values must respect the limits the parsers promise.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "center/api/incident_requests.hpp"
#include "center/api/query_string.hpp"

using namespace rampart::center;

namespace {

void check(bool holds) {
  if (!holds) std::abort();
}

void body_case(uint8_t which, std::string_view text) {
  auto body = nlohmann::json::parse(text, nullptr, false);
  switch (which) {
    case 1:
      if (auto incident = parse_new_incident(body))
        check(!incident->title.empty() && incident->level >= 1 && incident->level <= 4 &&
              incident->alert_ids.size() <= kMaxLinkedAlerts);
      break;
    case 2:
      if (auto edit = parse_incident_edit(body))
        check((edit->title || edit->assignee || edit->category || edit->level) &&
              (!edit->level || (*edit->level >= 1 && *edit->level <= 4 && !edit->level_reason.empty())));
      break;
    case 3:
      if (auto note = parse_note(body)) check(!note->text.empty());
      break;
    case 4:
      if (auto task = parse_task(body)) check(!task->title.empty());
      break;
    case 5:
      (void)parse_task_done(body);
      break;
    case 6:
      if (auto links = parse_alert_links(body))
        check(!links->alert_ids.empty() && links->alert_ids.size() <= kMaxLinkedAlerts && links->alert_ids.front() > 0);
      break;
    default:
      if (auto observable = parse_observable(body)) check(!observable->observable.value.empty());
      break;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  uint8_t which = data[0] % 8;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (which != 0) {
    body_case(which, text);
    return 0;
  }
  auto target = parse_target(text);
  if (!target) return 0;
  if (auto query = parse_incident_query(target->params))
    check(query->limit >= 1 && query->limit <= kMaxIncidentLimit && (!query->level || (*query->level >= 1 && *query->level <= 4)));
  return 0;
}
