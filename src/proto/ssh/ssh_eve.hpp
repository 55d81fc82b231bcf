#pragma once
// The "ssh" object of an EVE record as Suricata 8 writes it, and the session's
// rule buffers: ssh.proto and ssh.software (the client's value first, then the
// server's) and the HASSH hashes and strings of each side. Views returned by
// buffer() point into the session and stay valid as long as it does.
#include "proto/app_parser.hpp"
#include "proto/ssh/ssh_session.hpp"

namespace rampart::proto::ssh {

class SshFields final : public EveFields {
 public:
  explicit SshFields(const SshSession& session) : session_(session) {}
  void write(JsonWriter& w) const override;
  std::optional<std::span<const uint8_t>> buffer(std::string_view name, size_t index) const override;
  // Each side's banner gives its ssh.proto and ssh.software.
  bool two_sided() const override { return true; }
  std::optional<std::span<const uint8_t>> side_buffer(std::string_view name, size_t index,
                                                      Direction side) const override;

 private:
  const SshSession& session_;
};

}  // namespace rampart::proto::ssh
