// Fuzzes the Defragmenter: the input is a sequence of fragment records, each made
// into an IPv4 or IPv6 fragment, decoded and fed to one Defragmenter.
//
// Record: flags (bit 0 IPv6, bit 1 more-fragments, bits 2-4 policy at the first
// record), id (1 byte), offset in 8-byte units (2 bytes), length (1 byte), data.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "decode/decoder.hpp"
#include "decode/defrag.hpp"

namespace {

using rampart::decode::DefragPolicy;

void put16(std::vector<uint8_t>& out, size_t at, size_t value) {
  out[at] = static_cast<uint8_t>(value >> 8);
  out[at + 1] = static_cast<uint8_t>(value);
}

std::vector<uint8_t> make_fragment(bool v6, bool more, uint8_t id, uint16_t offset_units, const uint8_t* data,
                                   size_t length) {
  std::vector<uint8_t> out;
  if (v6) {
    out.assign(48, 0);
    out[0] = 0x60;
    put16(out, 4, 8 + length);
    out[6] = 44;
    out[7] = 64;
    out[23] = 1;
    out[39] = 2;
    out[40] = 17;
    put16(out, 42, static_cast<size_t>(offset_units & 0x1fff) * 8 | (more ? 1 : 0));
    out[47] = id;
  } else {
    out.assign(20, 0);
    out[0] = 0x45;
    put16(out, 2, 20 + length);
    out[5] = id;
    put16(out, 6, (offset_units & 0x1fff) | (more ? 0x2000 : 0));
    out[8] = 64;
    out[9] = 17;
    out[15] = 1;
    out[19] = 2;
  }
  out.insert(out.end(), data, data + length);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const auto policy = static_cast<DefragPolicy>((data[0] >> 2) % 7);
  rampart::decode::Decoder decoder(rampart::decode::DecoderConfig{.verify_ipv4_checksum = false});
  rampart::decode::Defragmenter defrag(rampart::decode::DefragConfig{
      .policy = policy, .timeout_usec = 50'000, .memcap = 64 * 1024, .max_frags_per_datagram = 64});
  uint64_t now = 0;
  size_t pos = 0;
  while (pos + 5 <= size) {
    const uint8_t flags = data[pos];
    const uint8_t id = data[pos + 1];
    const auto offset_units = static_cast<uint16_t>((data[pos + 2] << 8) | data[pos + 3]);
    size_t length = data[pos + 4];
    pos += 5;
    if (length > size - pos) length = size - pos;
    const std::vector<uint8_t> frame = make_fragment(flags & 1, flags & 2, id, offset_units, data + pos, length);
    pos += length;
    rampart::decode::Packet pkt;
    pkt.link = (flags & 1) ? rampart::decode::LinkType::Ipv6 : rampart::decode::LinkType::Ipv4;
    pkt.frame = frame;
    pkt.ts_usec = now;
    now += 10'000;
    if (!decoder.decode(pkt) || !pkt.is_fragment) continue;
    if (const auto datagram = defrag.add(pkt)) {
      rampart::decode::Packet whole = pkt;
      decoder.decode_reassembled(whole, *datagram);
    }
    if ((flags & 0x80) != 0) defrag.expire(now);
  }
  return 0;
}
