#pragma once
// The incident response workflow: new -> acknowledged -> investigating ->
// contained -> resolved -> closed, one step at a time, plus reopening (resolved or
// closed -> investigating). A refused transition is an error value naming both
// states and the allowed targets. The reporting deadline runs from creation for a
// time set per level; an incident is overdue when it was not acknowledged by then.
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::center::incidents {

enum class IncidentState { new_, acknowledged, investigating, contained, resolved, closed };

std::string_view state_name(IncidentState state);
std::optional<IncidentState> parse_state(std::string_view name);

std::vector<IncidentState> allowed_transitions(IncidentState from);
std::expected<void, std::string> check_transition(IncidentState from, IncidentState to);

// acknowledged_us: when the incident left `new`, if it did.
bool is_overdue(int64_t deadline_us, std::optional<int64_t> acknowledged_us, int64_t now_us);

}  // namespace rampart::center::incidents
