#pragma once
// `rampart ctl --socket PATH COMMAND [NAME=VALUE...]`: the client of the sensor's
// control socket (like Suricata's suricatasc). Sends the version handshake and
// one command, prints the reply (JSON) on stdout; exits 0 on OK, 1 on NOK and 2
// when the socket cannot be reached or answers something else.
#include <CLI/CLI.hpp>
#include <memory>

namespace rampart::cli {

class CtlCommand {
 public:
  virtual ~CtlCommand() = default;
  // Runs the parsed command; returns the process exit status.
  virtual int run() = 0;
};

// Registers the subcommand on app; the returned command runs only if it was chosen.
std::unique_ptr<CtlCommand> add_ctl_command(CLI::App& app);

}  // namespace rampart::cli
