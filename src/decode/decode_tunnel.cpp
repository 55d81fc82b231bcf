// Tunnels: GRE (v0 and PPTP's v1), ERSPAN types I-III, VXLAN, Geneve and
// IP-in-IP. The Packet's layer fields end up describing the innermost packet;
// Packet::tunnel keeps the outermost endpoints.
#include <algorithm>

#include "decode/decode_context.hpp"

namespace rampart::decode::detail {

namespace {

constexpr size_t kGreBaseLen = 4, kGreFieldLen = 4, kGreSreHeaderLen = 4;
constexpr size_t kErspan2HeaderLen = 8, kErspan3HeaderLen = 12, kErspan3SubheaderLen = 8;
constexpr size_t kVxlanHeaderLen = 8, kGeneveHeaderLen = 8;
constexpr size_t kIpv4MinHeader = 20, kIpv6HeaderLen = 40;
constexpr size_t kMaxVlanLayers = 3;
constexpr uint8_t kProtoGre = 47, kProtoUdp = 17, kProtoIpip = 4, kProtoIpv6 = 41;

namespace gre_flag {
constexpr uint8_t kChecksum = 0x80, kRouting = 0x40, kKey = 0x20, kSequence = 0x10, kStrictRoute = 0x08,
                  kRecursionMask = 0x07;
constexpr uint8_t kAck = 0x80, kV0ReservedMask = 0xf8, kV1ReservedMask = 0x78, kVersionMask = 0x07;
}

namespace gre_proto {
constexpr uint16_t kIpv4 = 0x0800, kIpv6 = 0x86dd, kTeb = 0x6558, kErspan2 = 0x88be, kErspan3 = 0x22eb,
                   kPpp = 0x880b;
}

constexpr uint8_t kVxlanFlagVni = 0x08;

// Skips GRE v0 source route entries; returns false when the list overruns data.
bool skip_source_routes(Bytes data, size_t& pos) {
  while (true) {
    if (pos + kGreSreHeaderLen > data.size()) return false;
    const uint16_t family = load_be16(data.data() + pos);
    const size_t length = data[pos + 3];
    pos += kGreSreHeaderLen + length;
    if (pos > data.size()) return false;
    if (family == 0 && length == 0) return true;
  }
}

void decode_erspan(DecodeContext& ctx, Bytes data, size_t header_len, uint8_t version) {
  ++ctx.stats.erspan;
  if (data.size() < header_len) {
    ctx.raise(DecodeEvent::ErspanHeaderTooSmall);
    return;
  }
  if ((data[0] >> 4) != version) {
    ctx.raise(DecodeEvent::ErspanUnsupportedVersion);
    return;
  }
  if (version == 2 && (data[11] & 0x01) != 0) {  // optional platform subheader
    header_len += kErspan3SubheaderLen;
    if (data.size() < header_len) {
      ctx.raise(DecodeEvent::ErspanHeaderTooSmall);
      return;
    }
  }
  const uint16_t vlan = load_be16(data.data()) & 0x0fff;
  Packet& pkt = ctx.pkt;
  if (vlan != 0) {
    if (pkt.vlan_count >= kMaxVlanLayers) {
      ctx.raise(DecodeEvent::ErspanTooManyVlanLayers);
      return;
    }
    pkt.vlan_ids[pkt.vlan_count++] = vlan;
  }
  decode_ethernet(ctx, data.subspan(header_len));
}

void decode_gre_payload(DecodeContext& ctx, uint16_t proto, bool has_sequence, Bytes payload) {
  switch (proto) {
    case gre_proto::kIpv4:
      decode_ipv4(ctx, payload);
      return;
    case gre_proto::kIpv6:
      decode_ipv6(ctx, payload);
      return;
    case gre_proto::kTeb:
      decode_ethernet(ctx, payload);
      return;
    case gre_proto::kErspan2:
      // ERSPAN type I has no sequence number and no ERSPAN header.
      if (has_sequence) {
        decode_erspan(ctx, payload, kErspan2HeaderLen, 1);
      } else {
        ++ctx.stats.erspan;
        decode_ethernet(ctx, payload);
      }
      return;
    case gre_proto::kErspan3:
      decode_erspan(ctx, payload, kErspan3HeaderLen, 2);
      return;
    case gre_proto::kPpp:
      decode_ppp(ctx, payload);
      return;
    default:
      decode_ethertype(ctx, proto, payload, DecodeEvent::EthernetUnknownEthertype);
      return;
  }
}

// Validates a GRE v0 header; returns its length or 0 after raising an event.
size_t gre_v0_header_len(DecodeContext& ctx, Bytes data) {
  const uint8_t flags = data[0];
  if ((flags & gre_flag::kRecursionMask) != 0) {
    ctx.raise(DecodeEvent::GreVersion0Recur);
    return 0;
  }
  if ((data[1] & gre_flag::kV0ReservedMask) != 0) {
    ctx.raise(DecodeEvent::GreVersion0Flags);
    return 0;
  }
  size_t len = kGreBaseLen;
  if ((flags & (gre_flag::kChecksum | gre_flag::kRouting)) != 0) len += kGreFieldLen;
  if ((flags & gre_flag::kKey) != 0) len += kGreFieldLen;
  if ((flags & gre_flag::kSequence) != 0) len += kGreFieldLen;
  if (len > data.size() || ((flags & gre_flag::kRouting) != 0 && !skip_source_routes(data, len))) {
    ctx.raise(DecodeEvent::GreVersion0HdrTooBig);
    return 0;
  }
  return len;
}

// Validates a PPTP (enhanced GRE, RFC 2637) header; returns its length or 0.
size_t gre_v1_header_len(DecodeContext& ctx, Bytes data) {
  const uint8_t flags = data[0];
  DecodeEvent problem = DecodeEvent::kCount;
  if ((flags & gre_flag::kChecksum) != 0) {
    problem = DecodeEvent::GreVersion1Chksum;
  } else if ((flags & gre_flag::kRouting) != 0) {
    problem = DecodeEvent::GreVersion1Route;
  } else if ((flags & gre_flag::kStrictRoute) != 0) {
    problem = DecodeEvent::GreVersion1Ssr;
  } else if ((flags & gre_flag::kRecursionMask) != 0) {
    problem = DecodeEvent::GreVersion1Recur;
  } else if ((data[1] & gre_flag::kV1ReservedMask) != 0) {
    problem = DecodeEvent::GreVersion1Flags;
  } else if ((flags & gre_flag::kKey) == 0) {
    problem = DecodeEvent::GreVersion1NoKey;
  } else if (load_be16(data.data() + 2) != gre_proto::kPpp) {
    problem = DecodeEvent::GreVersion1WrongProtocol;
  }
  if (problem != DecodeEvent::kCount) {
    ctx.raise(problem);
    return 0;
  }
  size_t len = kGreBaseLen + kGreFieldLen;
  if ((flags & gre_flag::kSequence) != 0) len += kGreFieldLen;
  if ((data[1] & gre_flag::kAck) != 0) len += kGreFieldLen;
  if (len > data.size()) {
    ctx.raise(DecodeEvent::GreVersion1HdrTooBig);
    return 0;
  }
  return len;
}

// Offset of the GRE key field (after the checksum/offset word when present).
uint32_t gre_key(Bytes data) {
  if ((data[0] & gre_flag::kKey) == 0) return 0;
  const size_t at = kGreBaseLen + ((data[0] & (gre_flag::kChecksum | gre_flag::kRouting)) != 0 ? kGreFieldLen : 0);
  return load_be32(data.data() + at);
}

void decode_vxlan(DecodeContext& ctx, Bytes payload) {
  const uint32_t vni = load_be32(payload.data() + 4) >> 8;
  ++ctx.stats.vxlan;
  if (ctx.enter_tunnel(kProtoUdp, vni)) decode_ethernet(ctx, payload.subspan(kVxlanHeaderLen));
}

bool is_vxlan(const DecoderConfig& config, uint16_t port, Bytes payload) {
  if (!config.vxlan_enabled || port == 0 || payload.size() < kVxlanHeaderLen) return false;
  if ((payload[0] & kVxlanFlagVni) == 0) return false;
  return std::ranges::find(config.vxlan_ports, port) != config.vxlan_ports.end();
}

// Geneve (RFC 8926): version 0, options skipped, inner frame by protocol type.
bool decode_geneve(DecodeContext& ctx, Bytes payload) {
  if (payload.size() < kGeneveHeaderLen || (payload[0] >> 6) != 0) return false;
  const size_t header_len = kGeneveHeaderLen + size_t{payload[0] & 0x3fu} * 4;
  const uint16_t proto = load_be16(payload.data() + 2);
  const bool known = proto == gre_proto::kTeb || proto == gre_proto::kIpv4 || proto == gre_proto::kIpv6;
  if (header_len > payload.size() || !known) return false;
  const uint32_t vni = load_be32(payload.data() + 4) >> 8;
  ++ctx.stats.geneve;
  if (!ctx.enter_tunnel(kProtoUdp, vni)) return true;
  const Bytes inner = payload.subspan(header_len);
  if (proto == gre_proto::kTeb) {
    decode_ethernet(ctx, inner);
  } else if (proto == gre_proto::kIpv4) {
    decode_ipv4(ctx, inner);
  } else {
    decode_ipv6(ctx, inner);
  }
  return true;
}

bool is_geneve_port(const DecoderConfig& config, uint16_t port) {
  return config.geneve_enabled && port != 0 &&
         std::ranges::find(config.geneve_ports, port) != config.geneve_ports.end();
}

}  // namespace

void decode_gre(DecodeContext& ctx, Bytes data) {
  if (data.size() < kGreBaseLen) {
    ctx.raise(DecodeEvent::GrePktTooSmall);
    return;
  }
  const uint8_t version = data[1] & gre_flag::kVersionMask;
  size_t header_len = 0;
  uint32_t id = 0;
  if (version == 0) {
    header_len = gre_v0_header_len(ctx, data);
    if (header_len != 0) id = gre_key(data);
  } else if (version == 1) {
    header_len = gre_v1_header_len(ctx, data);
    if (header_len != 0) id = load_be16(data.data() + 6);  // PPTP call id
  } else {
    ctx.raise(DecodeEvent::GreWrongVersion);
  }
  if (header_len == 0) return;
  ++ctx.stats.gre;
  ctx.pkt.l4 = L4Proto::Gre;
  if (!ctx.enter_tunnel(kProtoGre, id)) return;
  const bool has_sequence = (data[0] & gre_flag::kSequence) != 0;
  decode_gre_payload(ctx, load_be16(data.data() + 2), has_sequence, data.subspan(header_len));
}

bool decode_udp_tunnel(DecodeContext& ctx, Bytes udp_payload) {
  const uint16_t port = ctx.pkt.dst_port;
  if (is_vxlan(ctx.config, port, udp_payload)) {
    decode_vxlan(ctx, udp_payload);
    return true;
  }
  if (is_geneve_port(ctx.config, port)) return decode_geneve(ctx, udp_payload);
  return false;
}

void decode_ip_in_ip(DecodeContext& ctx, uint8_t proto, Bytes data) {
  const bool outer_v4 = ctx.pkt.ip_version == 4;
  if (proto == kProtoIpip) {
    if (!outer_v4) {
      if (data.size() < kIpv4MinHeader) {
        ctx.raise(DecodeEvent::Ipv6Ipv4InIpv6TooSmall);
        return;
      }
      if ((data[0] >> 4) != 4) {
        ctx.raise(DecodeEvent::Ipv6Ipv4InIpv6WrongVersion);
        return;
      }
    }
    ++(outer_v4 ? ctx.stats.ipv4_in_ipv4 : ctx.stats.ipv4_in_ipv6);
    if (ctx.enter_tunnel(proto, 0)) decode_ipv4(ctx, data);
    return;
  }
  if (!outer_v4) {
    if (data.size() < kIpv6HeaderLen) {
      ctx.raise(DecodeEvent::Ipv6Ipv6InIpv6TooSmall);
      return;
    }
    if ((data[0] >> 4) != 6) {
      ctx.raise(DecodeEvent::Ipv6Ipv6InIpv6WrongVersion);
      return;
    }
  }
  ++(outer_v4 ? ctx.stats.ipv6_in_ipv4 : ctx.stats.ipv6_in_ipv6);
  if (ctx.enter_tunnel(kProtoIpv6, 0)) decode_ipv6(ctx, data);
}

}  // namespace rampart::decode::detail
