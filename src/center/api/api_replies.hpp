#pragma once
// Helpers the incident and case-management handlers share: JSON replies and the
// 4xx/5xx they give, the JSON object of a request body, and the JSON views of an
// incident (full, and the summary a list shows).
#include <cstdint>
#include <expected>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "center/api/http_types.hpp"
#include "center/store/incident_records.hpp"
#include "center/store/records.hpp"
#include "center/store/store.hpp"

namespace rampart::center {

HttpResponse json_body(unsigned status, const nlohmann::json& body);
HttpResponse storage_failure(const StoreError& error);
HttpResponse wrong_method(std::string_view allowed);

// The JSON object of a request body, or the 415/400 that refuses it.
std::expected<nlohmann::json, HttpResponse> json_object(const HttpRequest& request);

int64_t clock_now_us();
std::string actor_of(const Principal& who);

// The overdue flag is computed against the clock at the time of the call.
nlohmann::json incident_json(const IncidentRecord& record);
nlohmann::json incident_summary_json(const IncidentRecord& record);

}  // namespace rampart::center
