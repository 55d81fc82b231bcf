#pragma once
// Field writers that several EVE records share (addresses, VLANs, tunnel), kept
// inside the output module.
#include <array>
#include <cstdint>
#include <string_view>

#include "common/ip_address.hpp"
#include "common/json_writer.hpp"
#include "decode/packet.hpp"

namespace rampart::output {

void address_field(JsonWriter& w, std::string_view key, const IpAddress& a);
// Suricata 8's "ip_v": 4 or 6, after the ports.
void ip_version_field(JsonWriter& w, const IpAddress& a);
void vlan_field(JsonWriter& w, const std::array<uint16_t, 3>& ids, uint8_t count);
void tunnel_field(JsonWriter& w, const decode::TunnelInfo& t);
inline bool has_ports(uint8_t proto) { return proto == 6 || proto == 17 || proto == 132; }

}  // namespace rampart::output
