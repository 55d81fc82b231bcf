// IPv6: fixed header, extension header chain (with Suricata's ipv6.* anomaly
// events) and fragment header marking.
#include <algorithm>

#include "decode/decode_context.hpp"

namespace rampart::decode::detail {

namespace {

constexpr size_t kIpv6HeaderLen = 40;
constexpr size_t kFragmentHeaderLen = 8;

namespace next_header {
constexpr uint8_t kHopByHop = 0, kRouting = 43, kFragment = 44, kEsp = 50, kAh = 51, kNone = 59,
                  kDestination = 60, kMobility = 135, kHip = 139, kShim6 = 140;
}

namespace option {
constexpr uint8_t kPad1 = 0, kPadN = 1, kJumbo = 0xc2, kRouterAlert = 5, kHomeAddress = 0xc9;
}

// Which extension headers were seen, for the duplicate-header events.
struct SeenHeaders {
  bool hop = false, routing = false, fragment = false, destination = false, ah = false;
};

// Walks the TLV options of a hop-by-hop or destination options header.
// Returns false when an option overruns the header.
bool check_options(DecodeContext& ctx, Bytes options, bool hop_by_hop) {
  bool only_padding = true;
  size_t pos = 0;
  while (pos < options.size()) {
    const uint8_t type = options[pos];
    if (type == option::kPad1) {
      ++pos;
      continue;
    }
    if (pos + 2 > options.size() || pos + 2 + size_t{options[pos + 1]} > options.size()) {
      ctx.raise(DecodeEvent::Ipv6ExthdrInvalidOptlen);
      return false;
    }
    const size_t length = options[pos + 1];
    if (type == option::kPadN) {
      if (length == 0) ctx.raise(DecodeEvent::Ipv6ZeroLenPadn);
    } else {
      only_padding = false;
      const bool known = type == option::kJumbo || type == option::kRouterAlert || type == option::kHomeAddress;
      if (!known) {
        ctx.raise(hop_by_hop ? DecodeEvent::Ipv6HopoptsUnknownOpt : DecodeEvent::Ipv6DstoptsUnknownOpt);
      }
    }
    pos += 2 + length;
  }
  if (only_padding) ctx.raise(hop_by_hop ? DecodeEvent::Ipv6HopoptsOnlyPadding : DecodeEvent::Ipv6DstoptsOnlyPadding);
  return true;
}

// Marks the packet as a fragment; returns true when decoding goes on past the
// header (an atomic fragment: offset 0 and no more fragments).
bool decode_fragment_header(DecodeContext& ctx, Bytes header, uint16_t header_offset, uint16_t next_header_field) {
  Packet& pkt = ctx.pkt;
  const uint16_t offset_flags = load_be16(header.data() + 2);
  if (header[1] != 0 || (offset_flags & 0x0006) != 0) ctx.raise(DecodeEvent::Ipv6FhNonZeroReservedField);
  const bool more = (offset_flags & 1) != 0;
  const auto offset = static_cast<uint16_t>(offset_flags & 0xfff8);
  if (!more && offset == 0) {
    ctx.raise(DecodeEvent::Ipv6ExthdrUselessFh);
    return true;
  }
  pkt.is_fragment = true;
  pkt.frag = FragmentInfo{.id = load_be32(header.data() + 4),
                          .offset = offset,
                          .more = more,
                          .next_header = header[0],
                          .header_offset = header_offset,
                          .next_header_field = next_header_field};
  ++ctx.stats.fragments;
  return false;
}

void mark_duplicate(DecodeContext& ctx, bool& seen, DecodeEvent duplicate_event) {
  if (seen) ctx.raise(duplicate_event);
  seen = true;
}

}  // namespace

void decode_ipv6(DecodeContext& ctx, Bytes data) {
  if (data.size() < kIpv6HeaderLen) {
    ctx.raise(DecodeEvent::Ipv6PktTooSmall);
    return;
  }
  if ((data[0] >> 4) != 6) {
    ctx.raise(DecodeEvent::Ipv6WrongIpVersion);
    return;
  }
  const size_t total_len = kIpv6HeaderLen + load_be16(data.data() + 4);
  if (total_len > data.size()) {
    ctx.raise(DecodeEvent::Ipv6TruncPkt);
    return;
  }
  const Bytes datagram = data.first(total_len);
  Packet& pkt = ctx.pkt;
  ++ctx.stats.ipv6;
  pkt.ip_version = 6;
  pkt.src = IpAddress::v6(datagram.data() + 8);
  pkt.dst = IpAddress::v6(datagram.data() + 24);
  pkt.ttl = datagram[7];
  pkt.ip_id = 0;
  pkt.ip_offset = ctx.offset_of(datagram);
  pkt.ip_total_len = static_cast<uint32_t>(total_len);
  pkt.ipv4_checksum_bad = false;
  pkt.is_fragment = false;

  uint8_t nh = datagram[6];
  size_t pos = kIpv6HeaderLen;
  size_t next_header_field = 6;
  SeenHeaders seen;
  bool chain_ok = true;
  bool more_headers = true;
  while (more_headers && chain_ok) {
    const Bytes rest = datagram.subspan(pos);
    switch (nh) {
      case next_header::kHopByHop:
      case next_header::kDestination:
      case next_header::kRouting:
      case next_header::kMobility:
      case next_header::kHip:
      case next_header::kShim6: {
        if (rest.size() < 2 || rest.size() < 8 + size_t{rest[1]} * 8) {
          ctx.raise(DecodeEvent::Ipv6TruncExthdr);
          chain_ok = false;
          break;
        }
        const size_t length = 8 + size_t{rest[1]} * 8;
        if (nh == next_header::kHopByHop) {
          mark_duplicate(ctx, seen.hop, DecodeEvent::Ipv6ExthdrDuplHh);
          chain_ok = check_options(ctx, rest.subspan(2, length - 2), true);
        } else if (nh == next_header::kDestination) {
          mark_duplicate(ctx, seen.destination, DecodeEvent::Ipv6ExthdrDuplDh);
          chain_ok = check_options(ctx, rest.subspan(2, length - 2), false);
        } else if (nh == next_header::kRouting) {
          mark_duplicate(ctx, seen.routing, DecodeEvent::Ipv6ExthdrDuplRh);
          if (rest[2] == 0) ctx.raise(DecodeEvent::Ipv6RhType0);
        }
        next_header_field = pos;
        nh = rest[0];
        pos += length;
        break;
      }
      case next_header::kAh: {
        if (rest.size() < 12 || rest.size() < (size_t{rest[1]} + 2) * 4) {
          ctx.raise(DecodeEvent::Ipv6TruncExthdr);
          chain_ok = false;
          break;
        }
        mark_duplicate(ctx, seen.ah, DecodeEvent::Ipv6ExthdrDuplAh);
        if (load_be16(rest.data() + 2) != 0) ctx.raise(DecodeEvent::Ipv6ExthdrAhResNotNull);
        next_header_field = pos;
        nh = rest[0];
        pos += (size_t{rest[1]} + 2) * 4;
        break;
      }
      case next_header::kFragment: {
        if (rest.size() < kFragmentHeaderLen) {
          ctx.raise(DecodeEvent::Ipv6TruncExthdr);
          chain_ok = false;
          break;
        }
        if (seen.fragment) {
          ctx.raise(DecodeEvent::Ipv6ExthdrDuplFh);
          chain_ok = false;
          break;
        }
        seen.fragment = true;
        const bool goes_on = decode_fragment_header(ctx, rest.first(kFragmentHeaderLen), static_cast<uint16_t>(pos),
                                                    static_cast<uint16_t>(next_header_field));
        next_header_field = pos;
        nh = rest[0];
        pos += kFragmentHeaderLen;
        more_headers = goes_on;
        break;
      }
      case next_header::kNone:
        if (!rest.empty()) ctx.raise(DecodeEvent::Ipv6DataAfterNoneHeader);
        more_headers = false;
        break;
      default:
        more_headers = false;
        break;
    }
  }
  pkt.ip_proto = nh;
  pkt.ip_hlen = static_cast<uint16_t>(std::min<size_t>(pos, UINT16_MAX));
  pkt.ip_header = datagram.first(pos);
  const Bytes payload = datagram.subspan(pos);
  if (pkt.is_fragment) {
    if (pkt.frag.more && payload.size() % 8 != 0) ctx.raise(DecodeEvent::Ipv6FragInvalidLength);
    pkt.payload = payload;
    return;
  }
  if (!chain_ok || nh == next_header::kNone) return;
  decode_ip_payload(ctx, nh, payload);
}

}  // namespace rampart::decode::detail
