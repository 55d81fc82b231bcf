#include "cli/stop_signals.hpp"

#include <fmt/format.h>
#include <signal.h>
#include <time.h>

#include <cstdlib>

namespace rampart::cli {

namespace {

sigset_t stop_signal_set() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

StopSignals::StopSignals(std::atomic<bool>& stop) : stop_(stop) {
  sigset_t set = stop_signal_set();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  // The waiting thread is born with every signal blocked, so signals other parts
  // wait for (SIGUSR2 for rule reloads) are never delivered to it.
  sigset_t all, caller;
  sigfillset(&all);
  pthread_sigmask(SIG_BLOCK, &all, &caller);
  thread_ = std::thread([this] { wait(); });
  pthread_sigmask(SIG_SETMASK, &caller, nullptr);
}

StopSignals::~StopSignals() {
  done_ = true;
  thread_.join();
}

void StopSignals::wait() {
  sigset_t set = stop_signal_set();
  // Wakes up now and then to notice that the run is over.
  const timespec poll{0, 100'000'000};
  while (!done_) {
    int signal = sigtimedwait(&set, nullptr, &poll);
    if (signal != SIGINT && signal != SIGTERM) continue;
    if (stop_.exchange(true)) {
      fmt::print(stderr, "rampart sense: second stop signal: exiting without finishing the run\n");
      std::_Exit(128 + signal);
    }
    fmt::print(stderr, "rampart sense: stop signal received: finishing the run\n");
  }
}

}  // namespace rampart::cli
