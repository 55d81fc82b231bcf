#include "detect/stream_size.hpp"

#include <algorithm>

namespace rampart::detect {

namespace {

bool holds(const StreamSizeCondition& c, const std::array<uint32_t, 2>& sizes) {
  bool client = c.condition.matches(sizes[0]);
  bool server = c.condition.matches(sizes[1]);
  if (c.side == "client") return client;
  if (c.side == "server") return server;
  if (c.side == "both") return client && server;
  return client || server;  // either
}

bool holds(const FlowCounterCondition& c, const FlowFacts& flow) {
  if (c.counter == FlowCounterCondition::Counter::AgeSeconds) return c.condition.matches(flow.age_seconds);
  const auto& counts = c.counter == FlowCounterCondition::Counter::Packets ? flow.packets : flow.bytes;
  switch (c.side) {
    case FlowCounterCondition::Side::ToServer: return c.condition.matches(counts[0]);
    case FlowCounterCondition::Side::ToClient: return c.condition.matches(counts[1]);
    case FlowCounterCondition::Side::Either: return c.condition.matches(counts[0]) || c.condition.matches(counts[1]);
  }
  return false;
}

}  // namespace

bool flow_counters_hold(std::span<const FlowCounterCondition> conditions, const FlowFacts* flow) {
  if (conditions.empty()) return true;
  if (flow == nullptr) return false;
  return std::all_of(conditions.begin(), conditions.end(), [&](const FlowCounterCondition& c) { return holds(c, *flow); });
}

bool stream_sizes_hold(std::span<const StreamSizeCondition> conditions, const FlowFacts* flow) {
  if (conditions.empty()) return true;
  if (flow == nullptr || !flow->tcp_sequence_sizes) return false;
  const auto& sizes = *flow->tcp_sequence_sizes;
  return std::all_of(conditions.begin(), conditions.end(), [&](const StreamSizeCondition& c) { return holds(c, sizes); });
}

}  // namespace rampart::detect
