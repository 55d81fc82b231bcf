// ssl_state:STATE[|STATE...], each state optionally negated with `!`, from
// client_hello, server_hello, client_keyx, server_keyx and unknown. Suricata holds
// it when (listed & current) ^ negated is not empty, where current is the TLS
// parser's last handshake state (never "unknown"): ssl_state:server_hello holds in
// the server hello's state, ssl_state:!client_hello in any other. Rampart sees a TLS
// session from each side in turn, so current is the last state of the side the rule
// sees (its pseudo-buffer "ssl_state", "none" before any); the keyword becomes a
// match on the names of the states in which the condition holds.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>

#include "detect/buffer_registry.hpp"
#include "detect/keyword_registry.hpp"
#include "detect/keywords/keyword_families.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

// The names a rule may list, one bit each; "unknown" is never a current state.
constexpr auto kStateNames = std::to_array<std::string_view>({"client_hello", "server_hello", "client_keyx", "server_keyx", "unknown"});
// The states the pseudo-buffer holds, besides "none".
constexpr size_t kCurrentStates = 4;

struct StateCondition {
  uint32_t listed = 0, negated = 0;
  bool holds(uint32_t current) const { return ((listed & current) ^ negated) != 0; }
};

RuleResult<StateCondition> parse_states(std::string_view keyword, std::string_view value) {
  StateCondition c;
  for (std::string_view item : split_trimmed(value, '|')) {
    bool negated = item.starts_with('!');
    if (negated) item = trim(item.substr(1));
    auto it = std::find(kStateNames.begin(), kStateNames.end(), item);
    if (it == kStateNames.end()) return invalid_value(keyword, fmt::format("unknown state '{}' in '{}'", item, value));
    uint32_t bit = 1u << static_cast<uint32_t>(it - kStateNames.begin());
    c.listed |= bit;
    if (negated) c.negated |= bit;
  }
  return c;
}

// An anchored alternation of the state names in which c holds.
std::string holding_states(const StateCondition& c) {
  std::string alternatives;
  auto add = [&](std::string_view name) {
    if (!alternatives.empty()) alternatives += '|';
    alternatives += name;
  };
  if (c.holds(0)) add("none");
  for (size_t i = 0; i < kCurrentStates; ++i)
    if (c.holds(1u << i)) add(kStateNames[i]);
  // (?!) never matches: no state satisfies ssl_state:unknown.
  return alternatives.empty() ? "(?!)" : "^(?:" + alternatives + ")$";
}

RuleResult<void> match_ssl_state(RuleBuilder& b, std::string_view keyword, std::string_view value) {
  static const BufferSpec kSideState{"ssl_state", "tls", FlowDirection::Any, {}};
  auto condition = parse_states(keyword, value);
  if (!condition) return std::unexpected(condition.error());
  return b.add_regex_match_to(kSideState, holding_states(*condition));
}

}  // namespace

void register_ssl_state_keywords(KeywordRegistry& registry) {
  registry.add({"ssl_state", ValueUse::Required, match_ssl_state});
}

}  // namespace rampart::detect
