#pragma once
// Field writers that several EVE records share (addresses, VLANs, tunnel, app_proto), kept
// inside the output module.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/ip_address.hpp"
#include "common/json_writer.hpp"
#include "decode/packet.hpp"
#include "detect/detector.hpp"
#include "detect/flow_vars.hpp"
#include "proto/app_layer.hpp"

namespace rampart::output {

void address_field(JsonWriter& w, std::string_view key, const IpAddress& a);
// Suricata 8's "ip_v": 4 or 6, after the ports.
void ip_version_field(JsonWriter& w, const IpAddress& a);
void vlan_field(JsonWriter& w, const std::array<uint16_t, 3>& ids, uint8_t count);
void tunnel_field(JsonWriter& w, const decode::TunnelInfo& t);
// "app_proto" once known, and "app_proto_orig" after a protocol change (STARTTLS, CONNECT).
void app_proto_fields(JsonWriter& w, const proto::AppLayer& app);
// A flow's variables as Suricata's EVE metadata: flowbits named traffic/id/NAME and
// traffic/label/NAME become "traffic": {"id": [...], "label": [...]}, the other
// flowbits "metadata.flowbits", the flowints "metadata.flowints", the entropy keywords'
// last values "metadata.entropy": {BUFFER: VALUE} and the flowvars
// "metadata.flowvars": [{NAME: VALUE}, ...]; an alert's pktvars (packet_vars, scope
// Packet) "metadata.pktvars" likewise. Nothing when there are none.
void flow_variable_fields(JsonWriter& w, const detect::FlowVars* vars, std::span<const detect::AlertVar> packet_vars = {});
inline bool has_ports(uint8_t proto) { return proto == 6 || proto == 17 || proto == 132; }

}  // namespace rampart::output
