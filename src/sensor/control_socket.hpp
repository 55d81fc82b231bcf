#pragma once
// The sensor's control socket (Suricata's unix-command): listens on a Unix stream
// socket and serves each client a ControlSession over ControlCommands, on a
// thread of its own; commands run one at a time. A stale socket file left by an
// earlier run is replaced; one that a live process still listens on is an error.
// The socket file is removed when the ControlSocket goes.
#include <expected>
#include <memory>
#include <string>

#include "sensor/control_protocol.hpp"

namespace rampart::sensor {

class ControlSocket {
 public:
  static std::expected<std::unique_ptr<ControlSocket>, std::string> open(const std::string& path,
                                                                         ControlCommands& commands);
  struct Impl;
  explicit ControlSocket(std::unique_ptr<Impl> impl);  // made by open()
  ~ControlSocket();
  ControlSocket(const ControlSocket&) = delete;
  ControlSocket& operator=(const ControlSocket&) = delete;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace rampart::sensor
