#pragma once
// Live rule reload: on SIGUSR2 (as Suricata) or a "reload-rules" request, loads
// the rule files again and publishes the new set through the RuleSetHandle, which
// workers pick up between packets, so no packet is lost. A reload that cannot
// read its files keeps the rules in force. The signal is taken by a thread of its
// own (SIGUSR2 is blocked in every other thread).
#include <atomic>
#include <chrono>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "detect/rule_set_handle.hpp"

namespace rampart::sensor {

class RuleReloader {
 public:
  // load builds a new rule set, or says why it cannot.
  using Loader = std::function<std::expected<std::shared_ptr<const detect::RuleSet>, std::string>()>;

  RuleReloader(detect::RuleSetHandle& handle, Loader load);
  ~RuleReloader();
  RuleReloader(const RuleReloader&) = delete;
  RuleReloader& operator=(const RuleReloader&) = delete;

  // Blocks SIGUSR2 for the calling thread and the threads it starts afterwards,
  // and starts the thread that waits for it. Call before starting workers.
  void watch_signal();
  // Reloads now and returns once the new set is published; on failure the rules
  // in force stay and the reason is returned.
  std::expected<void, std::string> reload();
  uint64_t reloads() const { return reloads_.load(); }
  // When the rules in force were loaded: the last successful reload, or start-up.
  std::chrono::system_clock::time_point last_reload() const;

 private:
  void wait_for_signal();

  detect::RuleSetHandle& handle_;
  Loader load_;
  std::atomic<bool> stop_{false};
  std::atomic<uint64_t> reloads_{0};
  mutable std::mutex mutex_;  // one reload at a time; guards last_reload_
  std::chrono::system_clock::time_point last_reload_ = std::chrono::system_clock::now();
  std::thread thread_;
};

}  // namespace rampart::sensor
