#pragma once
// `rampart center`: serve (the HTTP API over a data directory), sensor add and
// user add (print the new identity's API token once; only its hash is stored).
#include <CLI/CLI.hpp>
#include <memory>

namespace rampart::cli {

class CenterCommand {
 public:
  virtual ~CenterCommand() = default;
  // Runs the parsed command; returns the process exit status.
  virtual int run() = 0;
};

// Registers the subcommand on app; the returned command runs only if it was chosen.
std::unique_ptr<CenterCommand> add_center_command(CLI::App& app);

}  // namespace rampart::cli
