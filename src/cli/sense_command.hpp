#pragma once
// `rampart sense`: the network sensor's command line, in Suricata's offline
// usage (-r, -S, -l, -k, --set, -c, a trailing BPF filter).
#include <CLI/CLI.hpp>
#include <memory>

namespace rampart::cli {

class SenseCommand {
 public:
  virtual ~SenseCommand() = default;
  // Runs the parsed command; returns the process exit status.
  virtual int run() = 0;
};

// Registers the subcommand on app; the returned command runs only if it was chosen.
std::unique_ptr<SenseCommand> add_sense_command(CLI::App& app);

}  // namespace rampart::cli
