#include <array>

#include "stream/stream_events.hpp"
#include "stream/tcp_session.hpp"

namespace rampart::stream {

namespace {

constexpr std::array<std::string_view, kStreamEventCount> kEventNames = {
#define RAMPART_STREAM_EVENT(id, name) name,
#include "stream/stream_events.def"
#undef RAMPART_STREAM_EVENT
};

constexpr std::array<std::string_view, 11> kStateNames = {
    "none", "syn_sent", "syn_recv", "established", "fin_wait1", "fin_wait2",
    "time_wait", "last_ack", "close_wait", "closing", "closed"};

}  // namespace

std::string_view event_name(StreamEvent e) {
  const auto index = static_cast<size_t>(e);
  return index < kEventNames.size() ? kEventNames[index] : std::string_view{};
}

std::string_view stats_counter_name(StreamEvent e) {
  // Suricata's stats counters abbreviate these two event names.
  if (e == StreamEvent::ThreeWhsSynackResendWithDifferentAck) return "3whs_synack_resend_with_diff_ack";
  if (e == StreamEvent::EstSynackResendWithDifferentAck) return "est_synack_resend_with_diff_ack";
  return event_name(e);
}

std::string_view tcp_state_name(TcpState s) {
  const auto index = static_cast<size_t>(s);
  return index < kStateNames.size() ? kStateNames[index] : std::string_view{};
}

}  // namespace rampart::stream
