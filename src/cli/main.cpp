// rampart: one binary, one subcommand per program (sense: the network sensor).
#include <CLI/CLI.hpp>

#include "cli/center_command.hpp"
#include "cli/ctl_command.hpp"
#include "cli/rules_command.hpp"
#include "cli/sense_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"Rampart: network defence for critical infrastructure operators and CERTs", "rampart"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "rampart 0.1.0");
  auto sense = rampart::cli::add_sense_command(app);
  auto rules = rampart::cli::add_rules_command(app);
  auto center = rampart::cli::add_center_command(app);
  auto ctl = rampart::cli::add_ctl_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (int status = rules->run(); status != 0) return status;
  if (int status = center->run(); status != 0) return status;
  if (int status = ctl->run(); status != 0) return status;
  return sense->run();
}
