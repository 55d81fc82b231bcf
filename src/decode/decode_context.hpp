#pragma once
// Internal to the decoders: the state one decode() call threads through the layer
// decoders, and their entry points. Every Bytes handed around is a subspan of
// pkt.frame, so every span stored in the Packet stays inside the frame.
#include <cstdint>

#include "decode/decoder.hpp"
#include "decode/packet.hpp"

namespace rampart::decode::detail {

struct DecodeContext {
  Packet& pkt;
  DecodeStats& stats;
  const DecoderConfig& config;
  uint8_t layers = 0;     // encapsulations entered (tunnels, pseudowires), capped by max_tunnel_depth
  bool not_ip = false;    // a well-formed frame that carries no IP (ARP, PPPoE discovery, PPP control)

  void raise(DecodeEvent e) {
    pkt.events.add(e);
    ++stats.events[static_cast<size_t>(e)];
  }
  uint32_t offset_of(Bytes bytes) const { return static_cast<uint32_t>(bytes.data() - pkt.frame.data()); }
  // Accounts one more encapsulation; false (and too_many_layers) once the cap is hit.
  bool enter_layer();
  // Records the outermost tunnel endpoints when the first tunnel is entered and
  // forgets the outer transport fields so they cannot leak into the inner packet.
  bool enter_tunnel(uint8_t outer_proto, uint32_t id);
};

// Link layer and everything an ethertype can name.
void decode_ethernet(DecodeContext& ctx, Bytes frame);
// unknown_event is raised for an ethertype no decoder handles (Suricata raises a
// different one after a VLAN tag than after an Ethernet header).
void decode_ethertype(DecodeContext& ctx, uint16_t ethertype, Bytes data, DecodeEvent unknown_event);
void decode_vlan(DecodeContext& ctx, Bytes data);
void decode_mpls(DecodeContext& ctx, Bytes data);
void decode_pppoe_session(DecodeContext& ctx, Bytes data);
void decode_pppoe_discovery(DecodeContext& ctx, Bytes data);
void decode_ppp(DecodeContext& ctx, Bytes data);

// Network layer.
void decode_ipv4(DecodeContext& ctx, Bytes data);
void decode_ipv6(DecodeContext& ctx, Bytes data);
// Decodes what an IPv4 protocol / IPv6 next header names; data is the IP payload.
void decode_ip_payload(DecodeContext& ctx, uint8_t proto, Bytes data);

// Transport layer.
void decode_tcp(DecodeContext& ctx, Bytes data);
void decode_udp(DecodeContext& ctx, Bytes data);
void decode_icmpv4(DecodeContext& ctx, Bytes data);
void decode_icmpv6(DecodeContext& ctx, Bytes data);
// IPsec ESP: the SPI and sequence header; what follows is encrypted.
void decode_esp(DecodeContext& ctx, Bytes data);

// Tunnels.
void decode_gre(DecodeContext& ctx, Bytes data);
// True when the UDP payload was a VXLAN or Geneve tunnel (decoded as such).
bool decode_udp_tunnel(DecodeContext& ctx, Bytes udp_payload);
void decode_ip_in_ip(DecodeContext& ctx, uint8_t proto, Bytes data);

// Internet checksum helpers (RFC 1071): the one's-complement sum and its fold.
uint32_t checksum_add(uint32_t sum, Bytes data);
uint16_t checksum_fold(uint32_t sum);

}  // namespace rampart::decode::detail
