#pragma once
// stream_size: a TCP flow's size in each direction compared with a number, as
// Suricata does it: the sequence-space distance from the side's initial sequence
// number to the next one it will send (its payload bytes, plus 1 for the SYN and 1
// for a FIN). server/client test one side, both need both, either one of them.
// Without a TCP session the condition does not hold. flow.pkts and flow.bytes,
// the flow's own counters, live here too: the other size conditions on a flow.
#include <span>

#include "detect/detect_input.hpp"
#include "detect/signature.hpp"

namespace rampart::detect {

bool stream_sizes_hold(std::span<const StreamSizeCondition> conditions, const FlowFacts* flow);
// flow.pkts / flow.bytes: without a flow the condition does not hold.
bool flow_counters_hold(std::span<const FlowCounterCondition> conditions, const FlowFacts* flow);

}  // namespace rampart::detect
