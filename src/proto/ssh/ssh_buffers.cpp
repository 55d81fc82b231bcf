// The rule buffers of an SSH session as Suricata 8 gives them: ssh.proto and
// ssh.software of each side that sent its banner (the client's first; seen from one
// side, that side's), and the HASSH of the client's (ssh.hassh*) and the server's
// (ssh.hassh.server*) KEXINIT.
#include "proto/ssh/ssh_eve.hpp"

#include <initializer_list>

namespace rampart::proto::ssh {

namespace {

using Text = std::optional<std::string_view>;

// The index-th banner field among the sides that sent a banner, client first.
Text banner_field(const SshSession& s, size_t index, std::string SshPeer::*member) {
  for (const SshPeer* peer : {&s.client, &s.server}) {
    if (!peer->has_banner) continue;
    if (index == 0) return (*peer).*member;
    --index;
  }
  return std::nullopt;
}

Text hassh_field(const SshPeer& peer, std::string Hassh::*member) {
  if (!peer.hassh) return std::nullopt;
  return (*peer.hassh).*member;
}

Text session_buffer(const SshSession& s, std::string_view name, size_t index) {
  if (name == "ssh.proto") return banner_field(s, index, &SshPeer::proto_version);
  if (name == "ssh.software") return banner_field(s, index, &SshPeer::software_version);
  if (index != 0) return std::nullopt;
  if (name == "ssh.hassh") return hassh_field(s.client, &Hassh::hash);
  if (name == "ssh.hassh.string") return hassh_field(s.client, &Hassh::text);
  if (name == "ssh.hassh.server") return hassh_field(s.server, &Hassh::hash);
  if (name == "ssh.hassh.server.string") return hassh_field(s.server, &Hassh::text);
  return std::nullopt;
}

std::optional<std::span<const uint8_t>> bytes_of(Text value) {
  if (!value) return std::nullopt;
  return std::span(reinterpret_cast<const uint8_t*>(value->data()), value->size());
}

}  // namespace

std::optional<std::span<const uint8_t>> SshFields::buffer(std::string_view name, size_t index) const {
  return bytes_of(session_buffer(session_, name, index));
}

std::optional<std::span<const uint8_t>> SshFields::side_buffer(std::string_view name, size_t index,
                                                               Direction side) const {
  if (name != "ssh.proto" && name != "ssh.software") return buffer(name, index);
  const SshPeer& peer = side == Direction::ToServer ? session_.client : session_.server;
  if (index != 0 || !peer.has_banner) return std::nullopt;
  return bytes_of(name == "ssh.proto" ? Text(peer.proto_version) : Text(peer.software_version));
}

}  // namespace rampart::proto::ssh
