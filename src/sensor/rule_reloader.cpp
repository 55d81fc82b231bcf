#include "sensor/rule_reloader.hpp"

#include <signal.h>
#include <time.h>

#include <mutex>

namespace rampart::sensor {

namespace {

sigset_t reload_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGUSR2);
  return set;
}

}  // namespace

RuleReloader::RuleReloader(detect::RuleSetHandle& handle, Loader load) : handle_(handle), load_(std::move(load)) {}

RuleReloader::~RuleReloader() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void RuleReloader::watch_signal() {
  sigset_t set = reload_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  thread_ = std::thread([this] { wait_for_signal(); });
}

bool RuleReloader::reload() {
  static std::mutex one_at_a_time;
  std::lock_guard lock(one_at_a_time);
  auto rules = load_();
  if (!rules) return false;
  handle_.publish(std::move(rules));
  ++reloads_;
  return true;
}

void RuleReloader::wait_for_signal() {
  sigset_t set = reload_signals();
  // Wakes up now and then to notice the end of the run.
  const timespec poll{0, 100'000'000};
  while (!stop_) {
    if (sigtimedwait(&set, nullptr, &poll) == SIGUSR2) reload();
  }
}

}  // namespace rampart::sensor
