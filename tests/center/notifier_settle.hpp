#pragma once
// Waits for a notifier's background deliveries in the notification tests.
#include <chrono>
#include <thread>

#include "center/notify/notifier.hpp"

namespace rampart::center::notify {

// Waits up to 20 s for the notifier to finish with `total` deliveries or failures.
inline Notifier::Counts settle(const Notifier& notifier, uint64_t total) {
  for (int i = 0; i < 2000; ++i) {
    auto counts = notifier.counts();
    if (counts.delivered + counts.failed >= total) return counts;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return notifier.counts();
}

}  // namespace rampart::center::notify
