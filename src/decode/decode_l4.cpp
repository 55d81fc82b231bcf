// Transport layer: the IP payload dispatch, TCP (with options), UDP, ICMPv4 and
// ICMPv6, and their checksums.
#include "decode/decode_context.hpp"

namespace rampart::decode::detail {

namespace {

constexpr size_t kTcpMinHeader = 20, kTcpMaxOptions = 40, kUdpHeaderLen = 8, kIcmpHeaderLen = 8;
constexpr size_t kIpv4MinHeader = 20, kIpv6HeaderLen = 40;
constexpr uint8_t kDestinationUnreachable = 3;  // ICMPv4 type

namespace ip_proto {
constexpr uint8_t kIcmp = 1, kIgmp = 2, kIpip = 4, kTcp = 6, kUdp = 17, kIpv6 = 41, kGre = 47, kEsp = 50,
                  kAh = 51, kIcmpv6 = 58, kSctp = 132;
}

namespace tcp_option {
constexpr uint8_t kEol = 0, kNop = 1, kMss = 2, kWindowScale = 3, kSackPermitted = 4, kSack = 5, kTimestamp = 8,
                  kFastOpen = 34, kExperiment1 = 253, kExperiment2 = 254;
constexpr uint16_t kFastOpenMagic = 0xf989;  // RFC 7413's experimental option
}

// Sum of the IPv4/IPv6 pseudo header for a transport checksum.
uint32_t pseudo_header_sum(const Packet& pkt, uint8_t proto, size_t length) {
  const auto& src = pkt.src.bytes();
  const auto& dst = pkt.dst.bytes();
  const size_t address_len = pkt.ip_version == 4 ? 4 : 16;
  uint32_t sum = checksum_add(0, Bytes(src.data(), address_len));
  sum = checksum_add(sum, Bytes(dst.data(), address_len));
  return sum + proto + static_cast<uint32_t>(length & 0xffff) + static_cast<uint32_t>(length >> 16);
}

bool transport_checksum_bad(const Packet& pkt, uint8_t proto, Bytes segment) {
  return checksum_fold(checksum_add(pseudo_header_sum(pkt, proto, segment.size()), segment)) != 0;
}

// Records one TCP option whose length has already been bounds-checked.
void record_tcp_option(DecodeContext& ctx, const uint8_t* option, size_t length) {
  TcpOptions& opts = ctx.pkt.tcp_opts;
  auto check = [&](bool& present, bool valid_length) {
    if (present) {
      ctx.raise(DecodeEvent::TcpOptDuplicate);
      return false;
    }
    if (!valid_length) {
      ctx.raise(DecodeEvent::TcpOptInvalidLen);
      return false;
    }
    present = true;
    return true;
  };
  switch (option[0]) {
    case tcp_option::kMss:
      if (check(opts.has_mss, length == 4)) opts.mss = load_be16(option + 2);
      return;
    case tcp_option::kWindowScale:
      if (check(opts.has_wscale, length == 3)) opts.wscale = option[2];
      return;
    case tcp_option::kSackPermitted:
      check(opts.sack_permitted, length == 2);
      return;
    case tcp_option::kSack:
      if (check(opts.has_sack, length >= 10 && (length - 2) % 8 == 0)) {
        opts.sack_blocks = static_cast<uint8_t>((length - 2) / 8);
      }
      return;
    case tcp_option::kTimestamp:
      if (check(opts.has_timestamp, length == 10)) {
        opts.ts_value = load_be32(option + 2);
        opts.ts_echo = load_be32(option + 6);
      }
      return;
    case tcp_option::kFastOpen:  // a cookie request (2) or a cookie of 4 to 16 bytes, even
      if (length == 2 || (length >= 6 && length <= 18 && length % 2 == 0)) opts.tfo = true;
      return;
    case tcp_option::kExperiment1:
    case tcp_option::kExperiment2:
      if ((length == 4 || length == 12) && load_be16(option + 2) == tcp_option::kFastOpenMagic) opts.tfo = true;
      return;
    default:
      return;
  }
}

void decode_tcp_options(DecodeContext& ctx, Bytes options) {
  size_t pos = 0;
  while (pos < options.size()) {
    const uint8_t kind = options[pos];
    if (kind == tcp_option::kEol) return;
    if (kind == tcp_option::kNop) {
      ++pos;
      continue;
    }
    const size_t remaining = options.size() - pos;
    if (remaining < 2 || options[pos + 1] < 2 || options[pos + 1] > remaining) {
      ctx.raise(DecodeEvent::TcpOptInvalidLen);
      return;
    }
    record_tcp_option(ctx, options.data() + pos, options[pos + 1]);
    pos += options[pos + 1];
  }
}

// ICMPv4 types and the highest code each defines (RFC 792, 950, 1256, 1812).
bool icmpv4_type_known(uint8_t type, uint8_t& max_code) {
  switch (type) {
    case 0: case 4: case 8: case 10: case 13: case 14: case 15: case 16: case 17: case 18:
      max_code = 0;
      return true;
    case 3:
      max_code = 15;
      return true;
    case 5:
      max_code = 3;
      return true;
    case 9:
      max_code = 16;
      return true;
    case 11:
      max_code = 1;
      return true;
    case 12:
      max_code = 2;
      return true;
    default:
      return false;
  }
}

bool icmpv4_is_error(uint8_t type) { return type == 3 || type == 4 || type == 5 || type == 11 || type == 12; }

// ICMPv6 types in use and the highest code each defines (RFC 4443, 4861, 3810, ...).
bool icmpv6_type_known(uint8_t type, uint8_t& max_code) {
  if (type >= 128 && type <= 155) {
    max_code = type == 138 ? 255 : (type == 139 || type == 140) ? 2 : 0;
    return true;
  }
  switch (type) {
    case 1:
      max_code = 7;
      return true;
    case 2:
      max_code = 0;
      return true;
    case 3:
      max_code = 1;
      return true;
    case 4:
      max_code = 3;
      return true;
    default:
      return false;
  }
}

bool icmpv6_is_mld(uint8_t type) { return type == 130 || type == 131 || type == 132 || type == 143; }

void raise_icmpv6_type(DecodeContext& ctx, uint8_t type) {
  if (type == 100 || type == 101 || type == 200 || type == 201) {
    ctx.raise(DecodeEvent::Icmpv6ExperimentationType);
  } else if ((type > 4 && type < 100) || (type > 101 && type < 127) || (type > 155 && type < 200) ||
             (type > 201 && type < 255)) {
    ctx.raise(DecodeEvent::Icmpv6UnassignedType);
  } else {
    ctx.raise(DecodeEvent::Icmpv6UnknownType);
  }
}

}  // namespace

void decode_ip_payload(DecodeContext& ctx, uint8_t proto, Bytes data) {
  const bool over_ipv4 = ctx.pkt.ip_version == 4;
  switch (proto) {
    case ip_proto::kTcp:
      decode_tcp(ctx, data);
      return;
    case ip_proto::kUdp:
      decode_udp(ctx, data);
      return;
    case ip_proto::kIcmp:
      if (over_ipv4) {
        decode_icmpv4(ctx, data);
      } else {
        ctx.raise(DecodeEvent::Ipv6Icmpv4);
      }
      return;
    case ip_proto::kIcmpv6:
      if (over_ipv4) {
        ctx.raise(DecodeEvent::Ipv4Icmpv6);
      } else {
        decode_icmpv6(ctx, data);
      }
      return;
    case ip_proto::kGre:
      decode_gre(ctx, data);
      return;
    case ip_proto::kIpip:
    case ip_proto::kIpv6:
      decode_ip_in_ip(ctx, proto, data);
      return;
    case ip_proto::kEsp:
      decode_esp(ctx, data);
      return;
    case ip_proto::kIgmp:
    case ip_proto::kAh:
    case ip_proto::kSctp:
      return;
    default:
      if (!over_ipv4) ctx.raise(DecodeEvent::Ipv6UnknownNextHeader);
      return;
  }
}

void decode_tcp(DecodeContext& ctx, Bytes data) {
  if (data.size() < kTcpMinHeader) {
    ctx.raise(DecodeEvent::TcpPktTooSmall);
    return;
  }
  const size_t hlen = (size_t{data[12]} >> 4) * 4;
  if (data.size() < hlen) {
    ctx.raise(DecodeEvent::TcpHlenTooSmall);
    return;
  }
  if (hlen < kTcpMinHeader || hlen - kTcpMinHeader > kTcpMaxOptions) {
    ctx.raise(DecodeEvent::TcpInvalidOptlen);
    return;
  }
  Packet& pkt = ctx.pkt;
  pkt.tcp_opts = {};
  decode_tcp_options(ctx, data.subspan(kTcpMinHeader, hlen - kTcpMinHeader));
  ++ctx.stats.tcp;
  pkt.l4 = L4Proto::Tcp;
  pkt.src_port = load_be16(data.data());
  pkt.dst_port = load_be16(data.data() + 2);
  pkt.tcp_seq = load_be32(data.data() + 4);
  pkt.tcp_ack = load_be32(data.data() + 8);
  pkt.tcp_flags = data[13];
  pkt.tcp_window = load_be16(data.data() + 14);
  pkt.payload = data.subspan(hlen);
  pkt.l4_checksum_bad = ctx.config.verify_l4_checksum && transport_checksum_bad(pkt, ip_proto::kTcp, data);
}

void decode_esp(DecodeContext& ctx, Bytes data) {
  constexpr size_t kEspHeaderLen = 8;  // SPI, sequence number
  ++ctx.stats.esp;
  if (data.size() < kEspHeaderLen) {
    ctx.raise(DecodeEvent::EspPktTooSmall);
    return;
  }
  ctx.pkt.l4 = L4Proto::Esp;
  ctx.pkt.esp_spi = load_be32(data.data());
  ctx.pkt.payload = data.subspan(kEspHeaderLen);
}

void decode_udp(DecodeContext& ctx, Bytes data) {
  if (data.size() < kUdpHeaderLen) {
    ctx.raise(DecodeEvent::UdpHlenTooSmall);
    return;
  }
  const size_t udp_len = load_be16(data.data() + 4);
  if (data.size() < udp_len) {
    ctx.raise(DecodeEvent::UdpPktTooSmall);
    return;
  }
  if (udp_len < kUdpHeaderLen) {
    ctx.raise(DecodeEvent::UdpLenInvalid);
    return;
  }
  const Bytes segment = data.first(udp_len);
  Packet& pkt = ctx.pkt;
  ++ctx.stats.udp;
  pkt.l4 = L4Proto::Udp;
  pkt.src_port = load_be16(data.data());
  pkt.dst_port = load_be16(data.data() + 2);
  pkt.payload = segment.subspan(kUdpHeaderLen);
  const bool has_checksum = pkt.ip_version == 6 || load_be16(data.data() + 6) != 0;
  pkt.l4_checksum_bad =
      ctx.config.verify_l4_checksum && has_checksum && transport_checksum_bad(pkt, ip_proto::kUdp, segment);
  decode_udp_tunnel(ctx, pkt.payload);
}

namespace {

// The fields ICMPv4 and ICMPv6 headers share (length already checked).
Packet& read_icmp_header(Packet& pkt, L4Proto l4, Bytes data) {
  pkt.l4 = l4;
  pkt.icmp_type = data[0];
  pkt.icmp_code = data[1];
  pkt.icmp_id = load_be16(data.data() + 4);
  pkt.icmp_seq = load_be16(data.data() + 6);
  pkt.payload = data.subspan(kIcmpHeaderLen);
  return pkt;
}

}  // namespace

namespace {

// As Suricata, the header of a timestamp message includes its three timestamps and
// that of a router advertisement its address entries; the payload follows them.
void extend_icmpv4_header(DecodeContext& ctx, Bytes data) {
  constexpr uint8_t kRouterAdvert = 9, kTimestamp = 13, kTimestampReply = 14;
  constexpr size_t kTimestampsLen = 12;
  size_t extra = 0;
  if (ctx.pkt.icmp_type == kTimestamp || ctx.pkt.icmp_type == kTimestampReply) extra = kTimestampsLen;
  if (ctx.pkt.icmp_type == kRouterAdvert) extra = size_t{data[4]} * data[5] * 4;  // entries x words each
  if (extra == 0) return;
  if (data.size() < kIcmpHeaderLen + extra) {
    ctx.raise(DecodeEvent::Icmpv4Ipv4TruncPkt);
    return;
  }
  ctx.pkt.payload = data.subspan(kIcmpHeaderLen + extra);
}

// The quoted IPv4 header and the ports after it, when both are there whole.
void read_quoted_tuple(Packet& pkt) {
  Bytes quoted = pkt.payload;
  const size_t header_len = size_t{quoted[0] & 0x0fu} * 4;
  const uint8_t proto = quoted[9];
  constexpr size_t kPortsLen = 4;
  if (header_len < kIpv4MinHeader || quoted.size() < header_len + kPortsLen) return;
  if (proto != ip_proto::kTcp && proto != ip_proto::kUdp) return;
  QuotedTuple& t = pkt.icmp_quoted;
  t.present = true;
  t.proto = proto;
  t.src = IpAddress::v4(quoted.data() + 12);
  t.dst = IpAddress::v4(quoted.data() + 16);
  t.src_port = load_be16(quoted.data() + header_len);
  t.dst_port = load_be16(quoted.data() + header_len + 2);
}

}  // namespace

void decode_icmpv4(DecodeContext& ctx, Bytes data) {
  if (data.size() < kIcmpHeaderLen) {
    ctx.raise(DecodeEvent::Icmpv4PktTooSmall);
    return;
  }
  ++ctx.stats.icmpv4;
  Packet& pkt = read_icmp_header(ctx.pkt, L4Proto::Icmp, data);
  pkt.l4_checksum_bad = ctx.config.verify_l4_checksum && checksum_fold(checksum_add(0, data)) != 0;
  uint8_t max_code = 0;
  if (!icmpv4_type_known(pkt.icmp_type, max_code)) {
    ctx.raise(DecodeEvent::Icmpv4UnknownType);
  } else if (pkt.icmp_code > max_code) {
    ctx.raise(DecodeEvent::Icmpv4UnknownCode);
  } else if (icmpv4_is_error(pkt.icmp_type)) {
    // Error messages quote the offending packet's IPv4 header.
    pkt.icmp_id = pkt.icmp_seq = 0;
    if (pkt.payload.size() < kIpv4MinHeader) {
      ctx.raise(DecodeEvent::Icmpv4Ipv4TruncPkt);
    } else if ((pkt.payload[0] >> 4) != 4) {
      ctx.raise(DecodeEvent::Icmpv4Ipv4UnknownVer);
    } else if (pkt.icmp_type == kDestinationUnreachable) {
      read_quoted_tuple(pkt);
    }
  }
  extend_icmpv4_header(ctx, data);
}

void decode_icmpv6(DecodeContext& ctx, Bytes data) {
  if (data.size() < kIcmpHeaderLen) {
    ctx.raise(DecodeEvent::Icmpv6PktTooSmall);
    return;
  }
  ++ctx.stats.icmpv6;
  Packet& pkt = read_icmp_header(ctx.pkt, L4Proto::Icmpv6, data);
  pkt.l4_checksum_bad = ctx.config.verify_l4_checksum && transport_checksum_bad(pkt, ip_proto::kIcmpv6, data);
  uint8_t max_code = 0;
  if (!icmpv6_type_known(pkt.icmp_type, max_code)) {
    raise_icmpv6_type(ctx, pkt.icmp_type);
    return;
  }
  if (pkt.icmp_code > max_code) {
    ctx.raise(DecodeEvent::Icmpv6UnknownCode);
    return;
  }
  if (icmpv6_is_mld(pkt.icmp_type) && pkt.ttl != 1) ctx.raise(DecodeEvent::Icmpv6MldMessageWithInvalidHl);
  if (pkt.icmp_type < 128) {
    // Error messages quote the offending packet's IPv6 header after 4 bytes
    // (MTU or pointer); they carry no id/sequence.
    pkt.icmp_id = pkt.icmp_seq = 0;
    if (pkt.payload.size() < kIpv6HeaderLen) {
      ctx.raise(DecodeEvent::Icmpv6Ipv6TruncPkt);
    } else if ((pkt.payload[0] >> 4) != 6) {
      ctx.raise(DecodeEvent::Icmpv6Ipv6UnknownVersion);
    }
  }
}

}  // namespace rampart::decode::detail
