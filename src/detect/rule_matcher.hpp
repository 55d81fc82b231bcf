#pragma once
// Verifies one compiled rule in full against a packet or a transaction: header,
// flow, packet keywords, events, flow variables and payload inspections. Used by
// the Detector after the prefilter picked the rule as a candidate.
#include <vector>

#include "detect/detect_input.hpp"
#include "detect/payload_inspector.hpp"
#include "detect/rule_set.hpp"

namespace rampart::detect {

struct MatchScratch {
  MatchVariables variables;
  InspectionScratch inspection;
  std::vector<uint8_t> transformed;
  std::vector<uint8_t> base64;  // base64_data, kept apart from the inspection that produced it
};

// Everything but the payload and the flow variables, from the packet's view.
bool packet_conditions_hold(const CompiledRule& r, const PacketInput& in);
// A transaction rule's header and flow conditions, from the client's view unless
// the rule looks at the server's side.
// to_client: whether the rule sees the transaction from the server's side.
bool transaction_conditions_hold(const CompiledRule& r, const TransactionInput& in, bool to_client);

bool flow_variables_hold(const CompiledRule& r, const FlowVars* vars);
void apply_flow_variables(const CompiledRule& r, FlowVars* vars);

// The rule's inspections; tx is nullptr for packet rules, packet nullptr at flow end.
// pkt_data, when given, replaces the packet's payload (a raw stream chunk) and then
// only a match ending beyond its first inspected_before bytes counts.
bool payload_matches(const CompiledRule& r, const decode::Packet* packet, const proto::EveFields* tx,
                     MatchScratch& scratch, std::optional<std::span<const uint8_t>> pkt_data = std::nullopt,
                     size_t inspected_before = 0);

}  // namespace rampart::detect
