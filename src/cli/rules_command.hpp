#pragma once
// `rampart rules check FILES...`: loads rule files the way the detection engine does
// and reports every rule that cannot load, like `suricata -T`.
#include <CLI/CLI.hpp>
#include <memory>

namespace rampart::cli {

class RulesCommand {
 public:
  virtual ~RulesCommand() = default;
  // Runs the parsed command; returns the process exit status.
  virtual int run() = 0;
};

// Registers the subcommand on app; the returned command runs only if it was chosen.
std::unique_ptr<RulesCommand> add_rules_command(CLI::App& app);

}  // namespace rampart::cli
