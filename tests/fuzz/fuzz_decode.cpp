// Fuzzes the packet decoders: the first byte picks the link type, the rest is the
// frame. Fragments go through a Defragmenter and reassembled datagrams are decoded.
#include <array>
#include <cstddef>
#include <cstdint>

#include "decode/decoder.hpp"
#include "decode/defrag.hpp"

using rampart::decode::LinkType;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static constexpr std::array kLinkTypes{LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2,
                                         LinkType::Raw,      LinkType::RawAlt,   LinkType::Ipv4,
                                         LinkType::Ipv6,     LinkType::Null,     LinkType::Loop};
  if (size < 1) return 0;
  static rampart::decode::Decoder decoder;
  static rampart::decode::Defragmenter defrag(rampart::decode::DefragConfig{.memcap = 1 << 20});
  rampart::decode::Packet pkt;
  pkt.link = kLinkTypes[data[0] % kLinkTypes.size()];
  pkt.frame = rampart::Bytes(data + 1, size - 1);
  pkt.ts_usec = decoder.stats().pkts * 1000;
  decoder.decode(pkt);
  if (pkt.is_fragment) {
    if (const auto datagram = defrag.add(pkt)) decoder.decode_reassembled(pkt, *datagram);
    defrag.expire(pkt.ts_usec);
  }
  return 0;
}
