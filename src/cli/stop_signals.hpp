#pragma once
// Turns SIGINT and SIGTERM into a stop request: the first one sets the flag the
// sensor's reader checks, so the run ends cleanly (flows flushed, stats written,
// datasets saved); a second one ends the process at once. Construct it before
// any other thread starts, so every thread inherits the blocked signals.
#include <atomic>
#include <thread>

namespace rampart::cli {

class StopSignals {
 public:
  explicit StopSignals(std::atomic<bool>& stop);
  ~StopSignals();
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  void wait();

  std::atomic<bool>& stop_;
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace rampart::cli
