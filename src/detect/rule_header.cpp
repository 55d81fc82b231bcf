#include "detect/rule_header.hpp"

#include <fmt/format.h>

#include <array>
#include <utility>

#include "detect/protocols.hpp"
#include "detect/text.hpp"

namespace rampart::detect {

namespace {

constexpr std::array<std::pair<std::string_view, Action>, 7> kActions{{
    {"alert", Action::Alert}, {"pass", Action::Pass}, {"drop", Action::Drop}, {"reject", Action::Reject},
    {"rejectsrc", Action::RejectSrc}, {"rejectdst", Action::RejectDst}, {"rejectboth", Action::RejectBoth}}};

RuleResult<Action> parse_action(std::string_view text) {
  for (const auto& [name, action] : kActions)
    if (name == text) return action;
  return rule_error("unknown action", fmt::format("'{}' is not a rule action", text));
}

}  // namespace

RuleResult<RuleHeader> parse_rule_header(const RuleTokens& tokens, const RuleVariables& variables) {
  RuleHeader header;
  auto action = parse_action(tokens.action);
  if (!action) return std::unexpected(action.error());
  header.action = *action;
  // Suricata reads protocol names in any case.
  std::string protocol = to_lower(tokens.protocol);
  if (!is_transport_protocol(protocol) && !is_app_protocol(protocol))
    return rule_error("unknown protocol", fmt::format("'{}' is not a protocol", tokens.protocol));
  header.protocol = protocol;
  // "=>" (Suricata 8) is a transactional rule: its buffers of both directions are
  // inspected on the same transaction, which is how transaction rules run here.
  if (tokens.direction != "->" && tokens.direction != "<>" && tokens.direction != "=>")
    return rule_error("invalid direction", fmt::format("'{}' is not ->, <> or =>", tokens.direction));
  header.bidirectional = tokens.direction == "<>";
  header.transactional = tokens.direction == "=>";
  auto source = parse_address_set(tokens.source, variables);
  if (!source) return std::unexpected(source.error());
  auto destination = parse_address_set(tokens.destination, variables);
  if (!destination) return std::unexpected(destination.error());
  auto source_ports = parse_port_set(tokens.source_ports, variables);
  if (!source_ports) return std::unexpected(source_ports.error());
  auto destination_ports = parse_port_set(tokens.destination_ports, variables);
  if (!destination_ports) return std::unexpected(destination_ports.error());
  header.source = std::move(*source);
  header.destination = std::move(*destination);
  header.source_ports = std::move(*source_ports);
  header.destination_ports = std::move(*destination_ports);
  return header;
}

}  // namespace rampart::detect
