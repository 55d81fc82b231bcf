// IPv4: header validation, options, header checksum and fragment marking.
#include <bitset>

#include "decode/decode_context.hpp"

namespace rampart::decode::detail {

namespace {

constexpr size_t kIpv4MinHeader = 20;
constexpr uint16_t kMoreFragments = 0x2000;
constexpr uint16_t kOffsetMask = 0x1fff;

namespace ipv4_option {
constexpr uint8_t kEol = 0, kNop = 1, kRecordRoute = 7, kQuickStart = 25, kTimestamp = 68, kSecurity = 130,
                  kLsrr = 131, kExtSecurity = 133, kCipso = 134, kStreamId = 136, kSsrr = 137,
                  kRouterAlert = 148;
}

bool is_known_option(uint8_t type) {
  using namespace ipv4_option;
  switch (type) {
    case kRecordRoute: case kQuickStart: case kTimestamp: case kSecurity: case kLsrr: case kExtSecurity:
    case kCipso: case kStreamId: case kSsrr: case kRouterAlert:
      return true;
    default:
      return false;
  }
}

// Shape checks of the options Suricata validates (RFC 791, 7126): route options
// hold 4-byte addresses after a pointer, timestamps need a pointer past the header.
bool option_well_formed(uint8_t type, const uint8_t* option, size_t length) {
  using namespace ipv4_option;
  switch (type) {
    case kRecordRoute: case kLsrr: case kSsrr:
      return length >= 3 && (length - 3) % 4 == 0 && option[2] >= 4 && option[2] <= length + 1;
    case kTimestamp:
      return length >= 5 && option[2] >= 5 && option[2] <= length + 1;
    case kQuickStart:
      return length == 8;
    case kStreamId:
      return length == 4;
    case kRouterAlert:
      return length == 4;
    case kSecurity:
      return length == 11;
    case kCipso:
      return length >= 10;
    default:
      return true;
  }
}

// Returns false when the options are broken badly enough that the header is unusable.
bool decode_options(DecodeContext& ctx, Bytes options) {
  std::bitset<256> seen;
  size_t pos = 0;
  while (pos < options.size()) {
    const uint8_t type = options[pos];
    if (type == ipv4_option::kEol) {
      for (size_t pad = pos + 1; pad < options.size(); ++pad) {
        if (options[pad] != 0) {
          ctx.raise(DecodeEvent::Ipv4OptPadRequired);
          break;
        }
      }
      return true;
    }
    if (type == ipv4_option::kNop) {
      ++pos;
      continue;
    }
    const size_t remaining = options.size() - pos;
    if (remaining < 2 || options[pos + 1] < 2 || options[pos + 1] > remaining) {
      ctx.raise(DecodeEvent::Ipv4OptInvalidLen);
      return false;
    }
    const size_t length = options[pos + 1];
    if (!is_known_option(type)) {
      ctx.raise(DecodeEvent::Ipv4OptUnknown);
    } else if (seen.test(type)) {
      ctx.raise(DecodeEvent::Ipv4OptDuplicate);
    } else if (!option_well_formed(type, options.data() + pos, length)) {
      ctx.raise(DecodeEvent::Ipv4OptMalformed);
      return false;
    }
    seen.set(type);
    pos += length;
  }
  return true;
}

}  // namespace

void decode_ipv4(DecodeContext& ctx, Bytes data) {
  if (data.size() < kIpv4MinHeader) {
    ctx.raise(DecodeEvent::Ipv4PktTooSmall);
    return;
  }
  if ((data[0] >> 4) != 4) {
    ctx.raise(DecodeEvent::Ipv4WrongIpVersion);
    return;
  }
  const size_t hlen = size_t{data[0] & 0x0fu} * 4;
  if (hlen < kIpv4MinHeader) {
    ctx.raise(DecodeEvent::Ipv4HlenTooSmall);
    return;
  }
  const size_t total_len = load_be16(data.data() + 2);
  if (total_len < hlen) {
    ctx.raise(DecodeEvent::Ipv4IplenSmallerThanHlen);
    return;
  }
  if (total_len > data.size()) {
    ctx.raise(DecodeEvent::Ipv4TruncPkt);
    return;
  }
  const Bytes datagram = data.first(total_len);  // drops link-layer padding
  const Bytes header = datagram.first(hlen);
  if (hlen > kIpv4MinHeader && !decode_options(ctx, header.subspan(kIpv4MinHeader))) return;

  Packet& pkt = ctx.pkt;
  ++ctx.stats.ipv4;
  pkt.ip_version = 4;
  pkt.src = IpAddress::v4(header.data() + 12);
  pkt.dst = IpAddress::v4(header.data() + 16);
  pkt.ip_proto = header[9];
  pkt.ttl = header[8];
  pkt.ip_id = load_be16(header.data() + 4);
  pkt.ip_offset = ctx.offset_of(header);
  pkt.ip_hlen = static_cast<uint16_t>(hlen);
  pkt.ip_total_len = static_cast<uint32_t>(total_len);
  pkt.ip_header = header;
  pkt.ipv4_checksum_bad = false;
  pkt.is_fragment = false;
  if (ctx.config.verify_ipv4_checksum && checksum_fold(checksum_add(0, header)) != 0) {
    pkt.ipv4_checksum_bad = true;
    ++ctx.stats.ipv4_checksum_errors;
  }

  const Bytes payload = datagram.subspan(hlen);
  const uint16_t flags_offset = load_be16(header.data() + 6);
  if ((flags_offset & (kMoreFragments | kOffsetMask)) != 0) {
    pkt.is_fragment = true;
    pkt.frag = FragmentInfo{.id = pkt.ip_id,
                            .offset = static_cast<uint16_t>((flags_offset & kOffsetMask) * 8u),
                            .more = (flags_offset & kMoreFragments) != 0};
    pkt.l4 = L4Proto::None;
    pkt.payload = payload;
    ++ctx.stats.fragments;
    return;
  }
  decode_ip_payload(ctx, pkt.ip_proto, payload);
}

}  // namespace rampart::decode::detail
