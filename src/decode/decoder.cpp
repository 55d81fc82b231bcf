// Decoder entry points: per-packet reset, link-type dispatch and the statistics
// every decoded packet feeds.
#include "decode/decoder.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#include "decode/decode_context.hpp"

namespace rampart::decode {

using detail::DecodeContext;

namespace {

constexpr size_t kSllHeaderLen = 16;
constexpr size_t kSll2HeaderLen = 20;
constexpr size_t kChdlcHeaderLen = 4;  // address, control, 2-byte protocol (an EtherType)
constexpr size_t kNullHeaderLen = 4;

// BSD address families as the loopback header stores them (AF_INET6 differs per OS).
bool is_null_family_ipv4(uint32_t family) { return family == 2; }
bool is_null_family_ipv6(uint32_t family) { return family == 24 || family == 28 || family == 30; }

// Layer fields from a previous use of the Packet must not survive into this one.
void reset_layers(Packet& pkt) {
  Packet fresh;
  fresh.ts_usec = pkt.ts_usec;
  fresh.pcap_cnt = pkt.pcap_cnt;
  fresh.frame = pkt.frame;
  fresh.wire_len = pkt.wire_len;
  fresh.link = pkt.link;
  pkt = fresh;
}

void decode_raw_ip(DecodeContext& ctx, Bytes data) {
  const uint8_t version = data.empty() ? 0 : static_cast<uint8_t>(data[0] >> 4);
  if (version == 4) {
    detail::decode_ipv4(ctx, data);
  } else if (version == 6) {
    detail::decode_ipv6(ctx, data);
  } else {
    ctx.raise(DecodeEvent::IprawInvalidIpVersion);
  }
}

void decode_null(DecodeContext& ctx, Bytes data, bool network_order) {
  ++ctx.stats.null;
  if (data.size() < kNullHeaderLen) {
    ctx.raise(DecodeEvent::LtnullPktTooSmall);
    return;
  }
  // DLT_NULL stores the family in the capturing host's byte order, which the
  // file does not say; the family values are small, so one reading fits.
  uint32_t family = network_order ? load_be32(data.data()) : load_le32(data.data());
  if (!network_order && family > 0xffff) family = load_be32(data.data());
  const Bytes payload = data.subspan(kNullHeaderLen);
  if (is_null_family_ipv4(family)) {
    detail::decode_ipv4(ctx, payload);
  } else if (is_null_family_ipv6(family)) {
    detail::decode_ipv6(ctx, payload);
  } else {
    ctx.raise(DecodeEvent::LtnullUnsupportedType);
  }
}

void decode_sll(DecodeContext& ctx, Bytes data) {
  ++ctx.stats.sll;
  if (data.size() < kSllHeaderLen) {
    ctx.raise(DecodeEvent::SllPktTooSmall);
    return;
  }
  detail::decode_ethertype(ctx, load_be16(data.data() + 14), data.subspan(kSllHeaderLen),
                           DecodeEvent::EthernetUnknownEthertype);
}

void decode_sll2(DecodeContext& ctx, Bytes data) {
  ++ctx.stats.sll2;
  if (data.size() < kSll2HeaderLen) {
    ctx.raise(DecodeEvent::SllPktTooSmall);
    return;
  }
  detail::decode_ethertype(ctx, load_be16(data.data()), data.subspan(kSll2HeaderLen),
                           DecodeEvent::EthernetUnknownEthertype);
}

void decode_chdlc(DecodeContext& ctx, Bytes data) {
  ++ctx.stats.chdlc;
  if (data.size() < kChdlcHeaderLen) {
    ctx.raise(DecodeEvent::ChdlcPktTooSmall);
    return;
  }
  detail::decode_ethertype(ctx, load_be16(data.data() + 2), data.subspan(kChdlcHeaderLen),
                           DecodeEvent::EthernetUnknownEthertype);
}

void decode_link(DecodeContext& ctx, Bytes frame) {
  switch (ctx.pkt.link) {
    case LinkType::Ethernet:
      detail::decode_ethernet(ctx, frame);
      return;
    case LinkType::LinuxSll:
      decode_sll(ctx, frame);
      return;
    case LinkType::LinuxSll2:
      decode_sll2(ctx, frame);
      return;
    case LinkType::Raw:
    case LinkType::RawAlt:
      ++ctx.stats.raw;
      decode_raw_ip(ctx, frame);
      return;
    case LinkType::Ipv4:
      ++ctx.stats.raw;
      detail::decode_ipv4(ctx, frame);
      return;
    case LinkType::Ipv6:
      ++ctx.stats.raw;
      detail::decode_ipv6(ctx, frame);
      return;
    case LinkType::Null:
      decode_null(ctx, frame, false);
      return;
    case LinkType::Loop:
      decode_null(ctx, frame, true);
      return;
    case LinkType::Chdlc:
      decode_chdlc(ctx, frame);
      return;
  }
  // A link type outside the enum: nothing to decode.
}

}  // namespace

std::string_view link_type_name(LinkType link) {
  switch (link) {
    case LinkType::Null: return "NULL";
    case LinkType::Ethernet: return "EN10MB";
    case LinkType::Raw:
    case LinkType::RawAlt: return "RAW";
    case LinkType::Ipv4: return "IPv4";
    case LinkType::Ipv6: return "IPv6";
    case LinkType::Loop: return "LOOP";
    case LinkType::LinuxSll: return "LINUX_SLL";
    case LinkType::LinuxSll2: return "LINUX_SLL2";
    case LinkType::Chdlc: return "C_HDLC";
  }
  return "UNKNOWN";
}

Decoder::Decoder(DecoderConfig config) : config_(config) {}

bool Decoder::decode(Packet& pkt) {
  reset_layers(pkt);
  ++stats_.pkts;
  stats_.bytes += pkt.frame.size();
  stats_.max_pkt_size = std::max<uint64_t>(stats_.max_pkt_size, pkt.frame.size());
  DecodeContext ctx{pkt, stats_, config_};
  decode_link(ctx, pkt.frame);
  const bool usable = pkt.ip_version != 0;
  if (!usable && !ctx.not_ip) ++stats_.invalid;
  return usable;
}

bool Decoder::decode_reassembled(Packet& pkt, Bytes datagram) {
  // Link and tunnel details of the first fragment stay; the layers above are rebuilt.
  const Packet first = pkt;
  reset_layers(pkt);
  pkt.frame = datagram;
  pkt.has_ethernet = first.has_ethernet;
  pkt.src_mac = first.src_mac;
  pkt.dst_mac = first.dst_mac;
  pkt.ether_type = first.ether_type;
  pkt.vlan_ids = first.vlan_ids;
  pkt.vlan_count = first.vlan_count;
  pkt.tunnel = first.tunnel;
  pkt.is_reassembled = true;
  DecodeContext ctx{pkt, stats_, config_};
  ctx.layers = first.tunnel.depth;
  decode_raw_ip(ctx, datagram);
  pkt.is_reassembled = true;
  return pkt.ip_version != 0;
}

namespace detail {

bool DecodeContext::enter_layer() {
  if (layers >= config.max_tunnel_depth) {
    raise(DecodeEvent::TooManyLayers);
    ++stats.too_many_layers;
    return false;
  }
  ++layers;
  return true;
}

bool DecodeContext::enter_tunnel(uint8_t outer_proto, uint32_t id) {
  if (!enter_layer()) return false;
  TunnelInfo& tunnel = pkt.tunnel;
  if (tunnel.depth == 0) {
    tunnel.src = pkt.src;
    tunnel.dst = pkt.dst;
    tunnel.src_port = pkt.src_port;
    tunnel.dst_port = pkt.dst_port;
    tunnel.proto = outer_proto;
    tunnel.id = id;
  }
  if (tunnel.depth < UINT8_MAX) ++tunnel.depth;
  pkt.l4 = L4Proto::None;
  pkt.src_port = pkt.dst_port = 0;
  pkt.l4_checksum_bad = false;
  pkt.payload = {};
  return true;
}

uint32_t checksum_add(uint32_t sum, Bytes data) {
  // RFC 1071: the one's complement sum is byte-order independent, so sum native
  // 64-bit words (two 32-bit halves each, no carries lost in 64 bits) and swap the
  // folded result back to network order.
  uint64_t acc = 0;
  size_t i = 0;
  for (; i + 8 <= data.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, data.data() + i, sizeof word);
    acc += (word & 0xffffffff) + (word >> 32);
  }
  for (; i + 2 <= data.size(); i += 2) {
    uint16_t half;
    std::memcpy(&half, data.data() + i, sizeof half);
    acc += half;
  }
  if (i < data.size()) {
    uint8_t last[2] = {data[i], 0};  // an odd last byte is the high byte of a zero-padded word
    uint16_t half;
    std::memcpy(&half, last, sizeof half);
    acc += half;
  }
  while (acc >> 16) acc = (acc & 0xffff) + (acc >> 16);
  uint64_t native_sum = acc;
  if constexpr (std::endian::native == std::endian::little)
    native_sum = static_cast<uint16_t>((acc >> 8) | (acc << 8));
  uint64_t total = uint64_t{sum} + native_sum;
  while (total >> 32) total = (total & 0xffffffff) + (total >> 32);
  return static_cast<uint32_t>(total);
}

uint16_t checksum_fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<uint16_t>(~sum & 0xffff);
}

}  // namespace detail

}  // namespace rampart::decode
