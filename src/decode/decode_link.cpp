// Ethernet, the ethertype dispatch and the link-level encapsulations it reaches:
// 802.1Q/802.1ad VLAN tags, MPLS label stacks, PPPoE and PPP.
#include <algorithm>

#include "decode/decode_context.hpp"

namespace rampart::decode::detail {

namespace {

namespace ethertype {
constexpr uint16_t kIpv4 = 0x0800, kArp = 0x0806, kIpv6 = 0x86dd, kVlan = 0x8100, kQinq = 0x88a8,
                   kQinqOld = 0x9100, kMplsUnicast = 0x8847, kMplsMulticast = 0x8848, kPppoeDiscovery = 0x8863,
                   kPppoeSession = 0x8864, kTeb = 0x6558;
}

constexpr size_t kEthernetHeaderLen = 14;
constexpr size_t kVlanHeaderLen = 4;
constexpr size_t kMplsLabelLen = 4;
constexpr size_t kMplsControlWordLen = 4;
constexpr size_t kPppoeHeaderLen = 6;
constexpr size_t kPppProtoLen = 2;
constexpr size_t kMaxVlanLayers = 3;
constexpr size_t kIpv4MinHeader = 20, kIpv6Header = 40;

namespace mpls_label {
constexpr uint32_t kIpv4ExplicitNull = 0, kRouterAlert = 1, kIpv6ExplicitNull = 2, kImplicitNull = 3,
                   kFirstUnreserved = 16;
}

namespace ppp_proto {
constexpr uint16_t kIpv4 = 0x0021, kIpv6 = 0x0057, kVjCompressed = 0x002d, kVjUncompressed = 0x002f;
}

namespace pppoe_code {
constexpr uint8_t kPadi = 0x09, kPado = 0x07, kPadr = 0x19, kPads = 0x65, kPadt = 0xa7;
}

// PPP control and auxiliary protocols (LCP, IPCP, PAP, CHAP, ...) carry no IP
// packet; they are well formed, not unsupported.
bool is_ppp_control_protocol(uint16_t proto) {
  switch (proto) {
    case 0xc021: case 0xc023: case 0xc223: case 0xc025: case 0xc02b: case 0xc02d: case 0xc481:
    case 0x8021: case 0x8057: case 0x8029: case 0x802b: case 0x8031: case 0x8033: case 0x803f:
    case 0x8041: case 0x8053: case 0x8203: case 0x80fd: case 0x8281: case 0x0031: case 0x0033:
    case 0x0035: case 0x003d: case 0x003f: case 0x0041: case 0x004d: case 0x0053: case 0x00fd:
      return true;
    default:
      return false;
  }
}

}  // namespace

void decode_ethernet(DecodeContext& ctx, Bytes frame) {
  ++ctx.stats.ethernet;
  if (frame.size() < kEthernetHeaderLen) {
    ctx.raise(DecodeEvent::EthernetPktTooSmall);
    return;
  }
  Packet& pkt = ctx.pkt;
  pkt.has_ethernet = true;
  std::copy_n(frame.data(), 6, pkt.dst_mac.begin());
  std::copy_n(frame.data() + 6, 6, pkt.src_mac.begin());
  pkt.ether_type = load_be16(frame.data() + 12);
  decode_ethertype(ctx, pkt.ether_type, frame.subspan(kEthernetHeaderLen), DecodeEvent::EthernetUnknownEthertype);
}

void decode_ethertype(DecodeContext& ctx, uint16_t type, Bytes data, DecodeEvent unknown_event) {
  switch (type) {
    case ethertype::kIpv4:
      decode_ipv4(ctx, data);
      return;
    case ethertype::kIpv6:
      decode_ipv6(ctx, data);
      return;
    case ethertype::kVlan:
    case ethertype::kQinq:
    case ethertype::kQinqOld:
      decode_vlan(ctx, data);
      return;
    case ethertype::kMplsUnicast:
    case ethertype::kMplsMulticast:
      decode_mpls(ctx, data);
      return;
    case ethertype::kPppoeSession:
      decode_pppoe_session(ctx, data);
      return;
    case ethertype::kPppoeDiscovery:
      decode_pppoe_discovery(ctx, data);
      return;
    case ethertype::kArp:
      ++ctx.stats.arp;
      ctx.not_ip = true;
      return;
    case ethertype::kTeb:
      if (ctx.enter_layer()) decode_ethernet(ctx, data);
      return;
    default:
      ctx.raise(DecodeEvent::EthernetUnknownEthertype);
      if (unknown_event != DecodeEvent::EthernetUnknownEthertype) ctx.raise(unknown_event);
      return;
  }
}

void decode_vlan(DecodeContext& ctx, Bytes data) {
  Packet& pkt = ctx.pkt;
  if (pkt.vlan_count >= kMaxVlanLayers) {
    ctx.raise(DecodeEvent::VlanTooManyLayers);
    return;
  }
  if (data.size() < kVlanHeaderLen) {
    ctx.raise(DecodeEvent::VlanHeaderTooSmall);
    return;
  }
  pkt.vlan_ids[pkt.vlan_count++] = load_be16(data.data()) & 0x0fff;
  if (pkt.vlan_count == 1) ++ctx.stats.vlan;
  if (pkt.vlan_count == 2) ++ctx.stats.vlan_qinq;
  decode_ethertype(ctx, load_be16(data.data() + 2), data.subspan(kVlanHeaderLen), DecodeEvent::VlanUnknownType);
}

void decode_mpls(DecodeContext& ctx, Bytes data) {
  ++ctx.stats.mpls;
  uint32_t entry = 0;
  do {
    if (data.size() < kMplsLabelLen) {
      ctx.raise(DecodeEvent::MplsHeaderTooSmall);
      return;
    }
    entry = load_be32(data.data());
    data = data.subspan(kMplsLabelLen);
  } while ((entry & 0x100) == 0);  // bottom-of-stack bit

  const uint32_t label = entry >> 12;
  if (label == mpls_label::kIpv4ExplicitNull) {
    decode_ipv4(ctx, data);
    return;
  }
  if (label == mpls_label::kIpv6ExplicitNull) {
    decode_ipv6(ctx, data);
    return;
  }
  if (label == mpls_label::kRouterAlert) {
    ctx.raise(DecodeEvent::MplsBadLabelRouterAlert);
    return;
  }
  if (label == mpls_label::kImplicitNull) {
    ctx.raise(DecodeEvent::MplsBadLabelImplicitNull);
    return;
  }
  if (label < mpls_label::kFirstUnreserved) {
    ctx.raise(DecodeEvent::MplsBadLabelReserved);
    return;
  }
  if (data.empty()) {
    ctx.raise(DecodeEvent::MplsPktTooSmall);
    return;
  }
  // The label does not say what follows; the first nibble is the usual guess.
  switch (data[0] >> 4) {
    case 4:
      decode_ipv4(ctx, data);
      return;
    case 6:
      decode_ipv6(ctx, data);
      return;
    case 0:  // pseudowire control word, then an Ethernet frame
      if (data.size() < kMplsControlWordLen + kEthernetHeaderLen) {
        ctx.raise(DecodeEvent::MplsPktTooSmall);
        return;
      }
      if (ctx.enter_layer()) decode_ethernet(ctx, data.subspan(kMplsControlWordLen));
      return;
    default:
      ctx.raise(DecodeEvent::MplsUnknownPayloadType);
      return;
  }
}

void decode_pppoe_session(DecodeContext& ctx, Bytes data) {
  ++ctx.stats.pppoe;
  if (data.size() < kPppoeHeaderLen + kPppProtoLen) {
    ctx.raise(DecodeEvent::PppoePktTooSmall);
    return;
  }
  if (data[1] != 0) {
    ctx.raise(DecodeEvent::PppoeWrongCode);
    return;
  }
  const size_t length = load_be16(data.data() + 4);
  Bytes session = data.subspan(kPppoeHeaderLen);
  if (length < kPppProtoLen || length > session.size()) {
    ctx.raise(DecodeEvent::PppoePktTooSmall);
    return;
  }
  decode_ppp(ctx, session.first(length));
}

void decode_pppoe_discovery(DecodeContext& ctx, Bytes data) {
  ++ctx.stats.pppoe_discovery;
  if (data.size() < kPppoeHeaderLen) {
    ctx.raise(DecodeEvent::PppoePktTooSmall);
    return;
  }
  switch (data[1]) {
    case pppoe_code::kPadi: case pppoe_code::kPado: case pppoe_code::kPadr: case pppoe_code::kPads:
    case pppoe_code::kPadt:
      break;
    default:
      ctx.raise(DecodeEvent::PppoeWrongCode);
      return;
  }
  const size_t length = load_be16(data.data() + 4);
  Bytes tags = data.subspan(kPppoeHeaderLen);
  if (length > tags.size()) {
    ctx.raise(DecodeEvent::PppoePktTooSmall);
    return;
  }
  tags = tags.first(length);
  while (!tags.empty()) {
    if (tags.size() < 4 || 4 + size_t{load_be16(tags.data() + 2)} > tags.size()) {
      ctx.raise(DecodeEvent::PppoeMalformedTags);
      return;
    }
    tags = tags.subspan(4 + size_t{load_be16(tags.data() + 2)});
  }
  ctx.not_ip = true;
}

void decode_ppp(DecodeContext& ctx, Bytes data) {
  // Address and control bytes (0xff 0x03) are present unless compressed away.
  if (data.size() >= 2 && data[0] == 0xff && data[1] == 0x03) data = data.subspan(2);
  // A first byte with its low bit set is a whole one-byte protocol field
  // (protocol-field compression, RFC 1661 section 6.5: 0x21 for IPv4).
  const size_t proto_len = !data.empty() && (data[0] & 1) != 0 ? 1 : kPppProtoLen;
  if (data.size() < proto_len) {
    ctx.raise(DecodeEvent::PppPktTooSmall);
    return;
  }
  const uint16_t proto = proto_len == 1 ? data[0] : load_be16(data.data());
  const Bytes payload = data.subspan(proto_len);
  switch (proto) {
    case ppp_proto::kIpv4:
      if (payload.size() < kIpv4MinHeader) {
        ctx.raise(DecodeEvent::PppIp4PktTooSmall);
        return;
      }
      decode_ipv4(ctx, payload);
      return;
    case ppp_proto::kIpv6:
      if (payload.size() < kIpv6Header) {
        ctx.raise(DecodeEvent::PppIp6PktTooSmall);
        return;
      }
      decode_ipv6(ctx, payload);
      return;
    case ppp_proto::kVjUncompressed:
      if (payload.size() < kIpv4MinHeader) ctx.raise(DecodeEvent::PppVjuPktTooSmall);
      return;
    case ppp_proto::kVjCompressed:
      return;
    default:
      if (is_ppp_control_protocol(proto)) {
        ctx.not_ip = true;
        return;
      }
      ctx.raise(DecodeEvent::PppUnsupProto);
      return;
  }
}

}  // namespace rampart::decode::detail
