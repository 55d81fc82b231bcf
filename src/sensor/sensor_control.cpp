#include "sensor/sensor_control.hpp"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <array>

namespace rampart::sensor {

namespace {

constexpr std::array<std::string_view, 8> kCommands{"command-list", "version",             "uptime",
                                                    "reload-rules", "ruleset-reload-rules", "ruleset-reload-time",
                                                    "ruleset-stats", "shutdown"};

ControlReply failure(std::string message) { return ControlReply{false, std::move(message)}; }

}  // namespace

ControlReply SensorControl::run(std::string_view command, const nlohmann::json&) {
  if (command == "command-list") {
    nlohmann::json list = nlohmann::json::array();
    for (auto name : kCommands) list.push_back(name);
    return ControlReply{true, {{"count", list.size()}, {"commands", list}}};
  }
  if (command == "version") return ControlReply{true, options_.version};
  if (command == "uptime") {
    auto up = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_);
    return ControlReply{true, up.count()};
  }
  if (command == "reload-rules" || command == "ruleset-reload-rules") return reload_rules();
  if (command == "ruleset-reload-time") return ruleset_reload_time();
  if (command == "ruleset-stats") return ruleset_stats();
  if (command == "shutdown") {
    if (!options_.shutdown) return failure("shutdown is not available");
    options_.shutdown();
    return ControlReply{true, "Closing rampart"};
  }
  return failure(fmt::format("unknown command '{}' (command-list lists them)", command));
}

ControlReply SensorControl::reload_rules() {
  if (options_.reloader == nullptr) return failure("no rules were loaded at start-up (-S)");
  auto reloaded = options_.reloader->reload();
  if (!reloaded) return failure(reloaded.error());
  return ControlReply{true, "done"};
}

ControlReply SensorControl::ruleset_stats() const {
  if (options_.rules == nullptr) return failure("no rules were loaded at start-up (-S)");
  auto rules = options_.rules->current();
  if (!rules) return failure("no rule set in force");
  const auto& st = rules->stats();
  return ControlReply{true, nlohmann::json::array({{{"id", 0}, {"rules_loaded", st.rules}, {"rules_failed", st.rules_failed},
                                                   {"rules_skipped", st.rules_skipped}}})};
}

ControlReply SensorControl::ruleset_reload_time() const {
  if (options_.reloader == nullptr) return failure("no rules were loaded at start-up (-S)");
  auto when = fmt::gmtime(std::chrono::system_clock::to_time_t(options_.reloader->last_reload()));
  return ControlReply{true, nlohmann::json::array({{{"id", 0}, {"last_reload", fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", when)},
                                                   {"reloads", options_.reloader->reloads()}}})};
}

}  // namespace rampart::sensor
