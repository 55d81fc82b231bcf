#pragma once
// Decodes captured frames in place into Packet views: link layer, VLAN/QinQ, MPLS,
// PPPoE, IPv4, IPv6 (extension headers), TCP, UDP, ICMP, ICMPv6, GRE, VXLAN, Geneve.
// Malformed input raises a named DecodeEvent and is counted; decoding never reads
// past the frame. Fragments are marked (Packet::is_fragment) for the Defragmenter;
// its output is decoded again with decode_reassembled().
#include <array>
#include <cstdint>

#include "decode/packet.hpp"

namespace rampart::decode {

struct DecoderConfig {
  bool vxlan_enabled = true;
  std::array<uint16_t, 4> vxlan_ports{4789, 0, 0, 0};
  bool geneve_enabled = true;
  std::array<uint16_t, 4> geneve_ports{6081, 0, 0, 0};
  uint8_t max_tunnel_depth = 8;
  bool verify_ipv4_checksum = true;
  bool verify_l4_checksum = true;  // TCP/UDP/ICMP checksums into Packet::l4_checksum_bad
};

struct DecodeStats {
  uint64_t pkts = 0, bytes = 0, invalid = 0, max_pkt_size = 0;
  uint64_t ethernet = 0, sll = 0, sll2 = 0, raw = 0, null = 0, chdlc = 0;
  uint64_t ipv4 = 0, ipv6 = 0, tcp = 0, udp = 0, icmpv4 = 0, icmpv6 = 0, esp = 0;
  uint64_t vlan = 0, vlan_qinq = 0, mpls = 0, pppoe = 0, gre = 0, vxlan = 0, geneve = 0, ipv4_in_ipv6 = 0,
           ipv6_in_ipv6 = 0;
  uint64_t ipv4_in_ipv4 = 0, ipv6_in_ipv4 = 0, erspan = 0, arp = 0, pppoe_discovery = 0;
  uint64_t ipv4_checksum_errors = 0;
  uint64_t fragments = 0;
  uint64_t too_many_layers = 0;
  std::array<uint64_t, kDecodeEventCount> events{};
};

class Decoder {
 public:
  explicit Decoder(DecoderConfig config = {});

  // Decodes pkt.frame (pkt.link says its link type) and fills pkt's layer fields.
  // Returns false when the packet has no usable network layer (it still counts).
  bool decode(Packet& pkt);

  // Decodes a datagram the Defragmenter rebuilt; pkt keeps its capture metadata,
  // link/tunnel info of the first fragment, and its frame becomes the datagram.
  bool decode_reassembled(Packet& pkt, Bytes datagram);

  const DecodeStats& stats() const { return stats_; }

 private:
  DecoderConfig config_;
  DecodeStats stats_;
};

}  // namespace rampart::decode
