#pragma once
// Application-layer frames, as Suricata 7+ has them: a unit of one direction of a
// protocol (a DNS message, an SSH record, its header and its data) that its parser
// recognised, named as Suricata names it ("dns.pdu", "ssh.record.hdr"). A parser
// reports a frame to its EventSink once the frame is complete, with its bytes, and
// only when the sink wants frames (a rule uses `frame`, or EVE frame records are
// on), so frames cost nothing otherwise. The sink inspects and logs it at once:
// no frame outlives the call. Ids count per flow direction from 1; when the generic
// stream frame (`http1.stream`, proto/stream_frame.hpp) is on, it is id 1 and the
// parser's frames follow, as in Suricata. Bytes lost to a stream gap are not in
// `bytes`: `gaps` says where they were, rules inspect the parts between them apart,
// and EVE writes "[N bytes missing]" in their place.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "stream/tcp_session.hpp"

namespace rampart::proto {

using stream::Direction;

// `length` bytes lost before bytes[at] (at == bytes.size(): at the frame's end).
struct FrameGap {
  uint64_t at = 0;
  uint64_t length = 0;
};

struct Frame {
  std::string_view name;  // the protocol's frame name, e.g. "ssh.record.pdu" (see Protocol::frames)
  Direction dir = Direction::ToServer;
  uint64_t id = 0;
  std::optional<uint64_t> stream_offset;  // TCP: where the frame starts in dir's stream
  std::span<const uint8_t> bytes;         // the whole frame
  std::optional<uint64_t> tx_id;          // the transaction it belongs to, if any
  // The frame's length when bytes hold only its first part (FrameWindow::kMaxKept).
  std::optional<uint64_t> whole_length = std::nullopt;
  std::span<const FrameGap> gaps{};  // in order of `at`


  // The name without its protocol: EVE's frame.type ("record.pdu", "request").
  std::string_view type() const { return name.substr(name.find('.') + 1); }
  uint64_t length() const { return whole_length.value_or(bytes.size()); }
  // The k-th run of bytes between gaps (empty runs left out), as rules inspect it.
  std::optional<std::span<const uint8_t>> part(size_t k) const;
};

// The next frame id of each direction of one flow's parser.
class FrameIds {
 public:
  uint64_t next(Direction dir) { return ++last_[static_cast<size_t>(dir)]; }

 private:
  std::array<uint64_t, 2> last_{};
};

}  // namespace rampart::proto
