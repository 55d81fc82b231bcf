#pragma once
// A decoded packet: a borrowed view over the capture buffer plus the offsets and
// header fields the decoders found. Nothing here owns packet bytes; a Packet is
// valid only while the buffer it views is (the capture record or a defrag buffer).
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "common/bytes.hpp"
#include "common/ip_address.hpp"
#include "decode/events.hpp"

namespace rampart::decode {

// libpcap DLT_* values the decoders understand.
enum class LinkType : int {
  Null = 0,         // DLT_NULL: BSD loopback, 4-byte host-order family
  Ethernet = 1,     // DLT_EN10MB
  Raw = 101,        // DLT_RAW (LINKTYPE_RAW): IPv4 or IPv6 by version nibble
  RawAlt = 12,      // DLT_RAW as some BSDs number it
  Ipv4 = 228,       // LINKTYPE_IPV4
  Ipv6 = 229,       // LINKTYPE_IPV6
  Loop = 108,       // DLT_LOOP: like Null, network byte order
  LinuxSll = 113,   // DLT_LINUX_SLL
  LinuxSll2 = 276,  // DLT_LINUX_SLL2
  Chdlc = 104,      // DLT_C_HDLC: Cisco HDLC
};

// The link type as Suricata's EVE names it (packet_info.linktype_name).
std::string_view link_type_name(LinkType link);

enum class L4Proto : uint8_t { None = 0, Icmp = 1, Tcp = 6, Udp = 17, Gre = 47, Esp = 50, Icmpv6 = 58, Sctp = 132 };

namespace tcp_flag {
inline constexpr uint8_t kFin = 0x01, kSyn = 0x02, kRst = 0x04, kPsh = 0x08, kAck = 0x10, kUrg = 0x20,
                         kEce = 0x40, kCwr = 0x80;
}

struct TcpOptions {
  uint16_t mss = 0;
  uint8_t wscale = 0;
  bool has_mss = false, has_wscale = false, sack_permitted = false, has_sack = false, has_timestamp = false;
  uint32_t ts_value = 0, ts_echo = 0;
  uint8_t sack_blocks = 0;  // number of SACK blocks present
  bool tfo = false;         // TCP Fast Open: option 34, or the experimental option with TFO's magic
};

// The TCP or UDP packet an ICMPv4 destination unreachable quotes: Suricata counts
// the error in that packet's flow.
struct QuotedTuple {
  bool present = false;
  uint8_t proto = 0;
  IpAddress src, dst;
  uint16_t src_port = 0, dst_port = 0;
};

// The outermost tunnel a packet was carried in, as EVE's "tunnel" object reports it.
struct TunnelInfo {
  IpAddress src, dst;
  uint16_t src_port = 0, dst_port = 0;
  uint8_t proto = 0;  // IP protocol of the outer packet (GRE 47, UDP 17 for VXLAN/Geneve, IPv4/6-in-IP)
  uint8_t depth = 0;  // number of encapsulations peeled (0: not tunnelled)
  uint32_t id = 0;    // VXLAN VNI, Geneve VNI or GRE key; part of the flow key
};

// Where a fragment sits in its datagram, for the Defragmenter (valid when is_fragment).
struct FragmentInfo {
  uint32_t id = 0;            // IPv4 identification or IPv6 fragment header identification
  uint16_t offset = 0;        // byte offset of this fragment's data in the datagram's payload
  bool more = false;          // more-fragments flag
  uint8_t next_header = 0;    // IPv6: the fragment header's next header
  uint16_t header_offset = 0; // IPv6: offset of the fragment header from the IP header
  uint16_t next_header_field = 0; // IPv6: offset (from the IP header) of the byte naming the fragment header
};

struct Packet {
  // Capture metadata.
  uint64_t ts_usec = 0;  // microseconds since the Unix epoch
  uint64_t pcap_cnt = 0; // 1-based packet number in the capture, as Suricata's pcap_cnt
  Bytes frame;           // the whole captured frame
  uint32_t wire_len = 0; // original length on the wire
  LinkType link = LinkType::Ethernet;

  // Link layer.
  bool has_ethernet = false;
  std::array<uint8_t, 6> src_mac{}, dst_mac{};
  uint16_t ether_type = 0;
  std::array<uint16_t, 3> vlan_ids{};
  uint8_t vlan_count = 0;
  TunnelInfo tunnel;

  // Network layer (the innermost IP header decoded).
  uint8_t ip_version = 0;  // 4, 6 or 0 for none
  IpAddress src, dst;
  uint8_t ip_proto = 0;  // upper-layer protocol after IPv6 extension headers
  uint8_t ttl = 0;       // TTL or hop limit
  uint16_t ip_id = 0;
  uint32_t ip_offset = 0;   // offset of the innermost IP header in `frame` (or in the defrag buffer)
  uint16_t ip_hlen = 0;     // IPv4 header length, or IPv6 40 + extension headers
  uint32_t ip_total_len = 0;
  bool is_fragment = false;     // a fragment, not yet reassembled
  bool is_reassembled = false;  // built by the defragmenter from fragments
  bool pseudo = false;          // built by the sensor to inspect stream data at a gap or flow end (no frame)
  bool ipv4_checksum_bad = false;
  std::span<const uint8_t> ip_header;  // the innermost IP header bytes
  FragmentInfo frag;

  // Transport layer.
  L4Proto l4 = L4Proto::None;
  uint16_t src_port = 0, dst_port = 0;
  uint32_t tcp_seq = 0, tcp_ack = 0;
  uint8_t tcp_flags = 0;
  uint16_t tcp_window = 0;
  TcpOptions tcp_opts;
  bool l4_checksum_bad = false;
  uint8_t icmp_type = 0, icmp_code = 0;
  uint16_t icmp_id = 0, icmp_seq = 0;
  QuotedTuple icmp_quoted;
  uint32_t esp_spi = 0;  // IPsec ESP: the security association (its flows are one per SPI and direction)
  Bytes payload;  // L4 payload (TCP/UDP data, ICMP body); a fragment's data when is_fragment

  DecodeEvents events;
};

}  // namespace rampart::decode
