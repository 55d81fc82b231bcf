#include "center/incidents/workflow.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <array>

namespace rampart::center::incidents {

namespace {

constexpr std::array<std::string_view, 6> kStateNames{"new",       "acknowledged", "investigating",
                                                      "contained", "resolved",     "closed"};

}  // namespace

std::string_view state_name(IncidentState state) { return kStateNames[static_cast<size_t>(state)]; }

std::optional<IncidentState> parse_state(std::string_view name) {
  auto found = std::find(kStateNames.begin(), kStateNames.end(), name);
  if (found == kStateNames.end()) return std::nullopt;
  return static_cast<IncidentState>(found - kStateNames.begin());
}

std::vector<IncidentState> allowed_transitions(IncidentState from) {
  switch (from) {
    case IncidentState::new_: return {IncidentState::acknowledged};
    case IncidentState::acknowledged: return {IncidentState::investigating};
    case IncidentState::investigating: return {IncidentState::contained};
    case IncidentState::contained: return {IncidentState::resolved};
    case IncidentState::resolved: return {IncidentState::closed, IncidentState::investigating};
    case IncidentState::closed: return {IncidentState::investigating};
  }
  return {};
}

std::expected<void, std::string> check_transition(IncidentState from, IncidentState to) {
  auto allowed = allowed_transitions(from);
  if (std::find(allowed.begin(), allowed.end(), to) != allowed.end()) return {};
  std::vector<std::string_view> names;
  for (auto state : allowed) names.push_back(state_name(state));
  return std::unexpected(fmt::format("cannot go from {} to {}; allowed: {}", state_name(from), state_name(to),
                                     fmt::join(names, ", ")));
}

bool is_overdue(int64_t deadline_us, std::optional<int64_t> acknowledged_us, int64_t now_us) {
  if (acknowledged_us) return *acknowledged_us > deadline_us;
  return now_us > deadline_us;
}

}  // namespace rampart::center::incidents
