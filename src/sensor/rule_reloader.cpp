#include "sensor/rule_reloader.hpp"

#include <signal.h>
#include <time.h>

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

std::expected<void, std::string> RuleReloader::reload() {
  std::lock_guard lock(mutex_);
  auto rules = load_();
  if (!rules) return std::unexpected(rules.error());
  handle_.publish(std::move(*rules));
  ++reloads_;
  last_reload_ = std::chrono::system_clock::now();
  return {};
}

std::chrono::system_clock::time_point RuleReloader::last_reload() const {
  std::lock_guard lock(mutex_);
  return last_reload_;
}

void RuleReloader::wait_for_signal() {
  sigset_t set = reload_signals();
  // Wakes up now and then to notice the end of the run.
  const timespec poll{0, 100'000'000};
  while (!stop_) {
    if (sigtimedwait(&set, nullptr, &poll) == SIGUSR2) (void)reload();  // a failure was reported by the loader
  }
}

}  // namespace rampart::sensor
