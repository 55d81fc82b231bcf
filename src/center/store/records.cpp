#include "center/store/records.hpp"

#include <array>
#include <utility>

namespace rampart::center {

namespace {
constexpr std::array<std::pair<Role, std::string_view>, 4> kRoleNames{{
    {Role::admin, "admin"},
    {Role::analyst, "analyst"},
    {Role::viewer, "viewer"},
    {Role::sensor, "sensor"},
}};
}  // namespace

std::string_view role_name(Role role) {
  for (const auto& [r, name] : kRoleNames)
    if (r == role) return name;
  return "viewer";
}

std::optional<Role> parse_role(std::string_view name) {
  for (const auto& [r, role_text] : kRoleNames)
    if (role_text == name) return r;
  return std::nullopt;
}

uint64_t EventBatch::other_event_total() const {
  uint64_t total = 0;
  for (const auto& [type, count] : other_events) total += count;
  return total;
}

}  // namespace rampart::center
