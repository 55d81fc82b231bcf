#pragma once
// The protocol names a rule header (or app-layer-protocol) may use.
#include <string_view>

namespace rampart::detect {

// ip, tcp, udp, icmp, icmpv4, icmpv6, sctp, pkthdr and their -pkt/-stream variants.
bool is_transport_protocol(std::string_view name);
// http, dns, tls, modbus ... as Suricata names them.
bool is_app_protocol(std::string_view name);

}  // namespace rampart::detect
