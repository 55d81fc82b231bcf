#include "proto/ssh/ssh_eve.hpp"

namespace rampart::proto::ssh {

namespace {

void write_peer(JsonWriter& w, std::string_view key, const SshPeer& peer) {
  if (!peer.has_banner) return;
  w.begin_object(key).field("proto_version", peer.proto_version).field("software_version", peer.software_version);
  if (peer.hassh) w.begin_object("hassh").plain_field("hash", peer.hassh->hash).field("string", peer.hassh->text).end_object();
  w.end_object();
}

}  // namespace

void SshFields::write(JsonWriter& w) const {
  w.begin_object("ssh");
  write_peer(w, "client", session_.client);
  write_peer(w, "server", session_.server);
  w.end_object();
}

}  // namespace rampart::proto::ssh
