#include "proto/ssh/ssh_protocol.hpp"

#include <algorithm>
#include <string_view>

#include "proto/ssh/ssh_parser.hpp"

namespace rampart::proto::ssh {

namespace {

ProbeResult probe(Direction, std::span<const uint8_t> data) {
  constexpr std::string_view kPrefix = "SSH-";
  size_t n = std::min(data.size(), kPrefix.size());
  if (!std::equal(data.begin(), data.begin() + static_cast<std::ptrdiff_t>(n), kPrefix.begin())) return ProbeResult::NoMatch;
  return n < kPrefix.size() ? ProbeResult::NeedMore : ProbeResult::Match;
}

}  // namespace

Protocol ssh_protocol() {
  return {.name = "ssh",
          .stats_name = "",
          .stats_name_udp = "",
          .tcp = true,
          .udp = false,
          .ports = {22},
          .port_required = false,
          .probe = probe,
          .make_parser = make_ssh_parser,
          .counts_transactions = false,
          .frames = {{"ssh.record.pdu"}, {"ssh.record.hdr"}, {"ssh.record.data"}},
          .stream_frame = "ssh.stream"};
}

}  // namespace rampart::proto::ssh
