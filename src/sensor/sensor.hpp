#pragma once
// Runs the sensor over a capture source: one reader (capture, decode, defrag)
// and N workers (flows, streams, output), flows pinned to workers by symmetric
// hash. With one worker everything runs on the calling thread, so a pcap run's
// output is deterministic. Writes LOGDIR/eve.json and returns the run's totals.
#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <string>
#include <vector>

#include "detect/rule_set_handle.hpp"
#include "intel_match/indicator_handle.hpp"
#include "sensor/run_stats.hpp"
#include "sensor/sensor_config.hpp"

namespace rampart::sensor {

struct RunOptions {
  std::string input;      // capture file, directory or "-"
  std::string interface;  // live capture on this interface instead of input
  std::string bpf;       // optional filter
  std::string log_dir;   // where eve.json goes
  const detect::RuleSetHandle* rules = nullptr;  // the rules in force; nullptr: no detection
  const intel_match::IndicatorHandle* indicators = nullptr;  // STIX indicators in force; nullptr: none
  // Called once the capture source is open (live: the interface is capturing).
  std::function<void()> started;
  // Called now and then with (bytes consumed, total bytes) of the capture files.
  std::function<void(uint64_t, uint64_t)> progress;
  // When set, reading stops after the packet being read (control socket's shutdown,
  // SIGINT, SIGTERM).
  const std::atomic<bool>* stop = nullptr;
};

struct RunError {
  std::string message;
};

std::expected<RunStats, RunError> run_sensor(const SensorConfig& config, const RunOptions& options);

}  // namespace rampart::sensor
