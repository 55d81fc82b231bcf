#pragma once
// A one-line progress bar on stderr for long capture reads (only when stderr is a
// terminal), redrawn at most ten times a second.
#include <chrono>
#include <cstdint>

namespace rampart::cli {

class ProgressBar {
 public:
  explicit ProgressBar(bool enabled) : enabled_(enabled) {}
  bool enabled() const { return enabled_; }
  void update(uint64_t done, uint64_t total);
  void finish();

 private:
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

}  // namespace rampart::cli
