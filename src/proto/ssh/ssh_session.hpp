#pragma once
// What an SSH session's cleartext start revealed about each side.
#include <optional>
#include <string>

#include "proto/ssh/ssh_kexinit.hpp"

namespace rampart::proto::ssh {

struct SshPeer {
  bool has_banner = false;
  std::string proto_version;     // "2.0"
  std::string software_version;  // "OpenSSH_8.9p1" (comments after a space dropped)
  std::optional<Hassh> hassh;
};

struct SshSession {
  SshPeer client, server;
};

}  // namespace rampart::proto::ssh
