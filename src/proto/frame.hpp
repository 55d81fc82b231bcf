#pragma once
// Application-layer frames, as Suricata 7+ has them: a unit of one direction of a
// protocol (a DNS message, an SSH record, its header and its data) that its parser
// recognised, named as Suricata names it ("dns.pdu", "ssh.record.hdr"). A parser
// reports a frame to its EventSink once the frame is complete, with its bytes, and
// only when the sink wants frames (a rule uses `frame`, or EVE frame records are
// on), so frames cost nothing otherwise. The sink inspects and logs it at once:
// no frame outlives the call. Ids count per flow direction from 1.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "stream/tcp_session.hpp"

namespace rampart::proto {

using stream::Direction;

struct Frame {
  std::string_view name;  // the protocol's frame name, e.g. "ssh.record.pdu" (see Protocol::frames)
  Direction dir = Direction::ToServer;
  uint64_t id = 0;
  std::optional<uint64_t> stream_offset;  // TCP: where the frame starts in dir's stream
  std::span<const uint8_t> bytes;         // the whole frame
  std::optional<uint64_t> tx_id;          // the transaction it belongs to, if any
  // The frame's length when bytes hold only its first part (FrameWindow::kMaxKept).
  std::optional<uint64_t> whole_length = std::nullopt;

  // The name without its protocol: EVE's frame.type ("record.pdu", "request").
  std::string_view type() const { return name.substr(name.find('.') + 1); }
  uint64_t length() const { return whole_length.value_or(bytes.size()); }
};

// The next frame id of each direction of one flow's parser.
class FrameIds {
 public:
  uint64_t next(Direction dir) { return ++last_[static_cast<size_t>(dir)]; }

 private:
  std::array<uint64_t, 2> last_{};
};

}  // namespace rampart::proto
