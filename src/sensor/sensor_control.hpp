#pragma once
// The commands of the sensor's control socket, as Suricata names them:
// command-list, version, uptime, reload-rules (alias ruleset-reload-rules: loads
// the rules again through the RuleReloader and answers once the new set is
// published, so every packet read after the answer meets it; NOK with the reason
// when the files cannot be loaded), ruleset-reload-time, ruleset-stats and
// shutdown. Anything else is answered NOK.
#include <chrono>
#include <functional>
#include <string>

#include "detect/rule_set_handle.hpp"
#include "sensor/control_protocol.hpp"
#include "sensor/rule_reloader.hpp"

namespace rampart::sensor {

struct SensorControlOptions {
  RuleReloader* reloader = nullptr;            // nullptr: the sensor runs without rules
  const detect::RuleSetHandle* rules = nullptr;
  std::function<void()> shutdown;              // asks the sensor to stop
  std::string version;                         // "rampart 0.1.0"
};

class SensorControl final : public ControlCommands {
 public:
  explicit SensorControl(SensorControlOptions options)
      : options_(std::move(options)), started_(std::chrono::steady_clock::now()) {}

  ControlReply run(std::string_view command, const nlohmann::json& arguments) override;

 private:
  ControlReply reload_rules();
  ControlReply ruleset_stats() const;
  ControlReply ruleset_reload_time() const;

  SensorControlOptions options_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace rampart::sensor
