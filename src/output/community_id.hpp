#pragma once
// The Community ID flow hash (version 1, https://github.com/corelight/community-id-spec)
// that Suricata and Zeek write as "community_id", so records of one flow can be joined
// across tools: "1:" + base64(SHA-1(seed, addresses, protocol, ports)), the endpoints
// ordered so that both directions give the same value. ICMP types stand in for the
// ports, a request's type paired with its reply's.
#include <cstdint>
#include <string>

#include "flow/flow.hpp"

namespace rampart::output {

// Appends flow f's Community ID for seed to out.
void append_community_id(std::string& out, const flow::Flow& f, uint16_t seed);

}  // namespace rampart::output
