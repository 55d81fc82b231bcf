#pragma once
// The "ssh" object of an EVE record as Suricata 8 writes it.
#include "proto/app_parser.hpp"
#include "proto/ssh/ssh_session.hpp"

namespace rampart::proto::ssh {

class SshFields final : public EveFields {
 public:
  explicit SshFields(const SshSession& session) : session_(session) {}
  void write(JsonWriter& w) const override;

 private:
  const SshSession& session_;
};

}  // namespace rampart::proto::ssh
