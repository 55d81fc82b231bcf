#pragma once
// Loads one of make_decode_pcaps.py's captures into memory so tests can decode
// its frames by index (PcapSource's bytes only live until the next read).
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "capture/pcap_source.hpp"
#include "decode/decoder.hpp"

namespace rampart::decode::testing {

class CaptureFrames {
 public:
  explicit CaptureFrames(const std::string& name) {
    auto source = capture::PcapSource::open(std::string(RAMPART_TEST_DATA) + "/" + name);
    if (!source) {
      ADD_FAILURE() << "cannot open " << name << ": " << source.error().message;
      return;
    }
    while (const capture::RawPacket* raw = source->next()) {
      linktype_ = raw->linktype;
      frames_.emplace_back(raw->data.begin(), raw->data.end());
    }
  }

  size_t size() const { return frames_.size(); }

  // A Packet viewing frame `index` (not yet decoded).
  Packet packet(size_t index) const {
    Packet pkt;
    pkt.frame = frames_.at(index);
    pkt.wire_len = static_cast<uint32_t>(frames_.at(index).size());
    pkt.link = static_cast<LinkType>(linktype_);
    pkt.pcap_cnt = index + 1;
    return pkt;
  }

 private:
  std::vector<std::vector<uint8_t>> frames_;
  int linktype_ = 0;
};

// Decodes frame `index` of `frames` with `decoder`; `usable` gets decode()'s result.
inline Packet decode_frame(Decoder& decoder, const CaptureFrames& frames, size_t index, bool* usable = nullptr) {
  Packet pkt = frames.packet(index);
  const bool ok = decoder.decode(pkt);
  if (usable != nullptr) *usable = ok;
  return pkt;
}

inline bool spans_inside_frame(const Packet& pkt) {
  auto inside = [&](Bytes span) {
    return span.empty() ||
           (span.data() >= pkt.frame.data() && span.data() + span.size() <= pkt.frame.data() + pkt.frame.size());
  };
  return inside(pkt.ip_header) && inside(pkt.payload);
}

inline std::string payload_text(const Packet& pkt) { return {pkt.payload.begin(), pkt.payload.end()}; }

}  // namespace rampart::decode::testing
