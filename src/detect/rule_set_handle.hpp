#pragma once
// The rule set in force, shared between the thread that (re)loads rules and the
// workers. publish() swaps a new set in atomically; a worker picks it up between
// two packets when it sees the generation change, and the old set is freed when the
// last worker has let go of it. It also holds the threshold state that every worker
// following it shares (address- and rule-tracked thresholds, as Suricata's host
// table), which outlives reloads.
#include <atomic>
#include <cstdint>
#include <memory>

#include "detect/rule_set.hpp"
#include "detect/threshold_tracker.hpp"

namespace rampart::detect {

class RuleSetHandle {
 public:
  void publish(std::shared_ptr<const RuleSet> rules) {
    current_.store(std::move(rules));
    generation_.fetch_add(1, std::memory_order_release);
  }
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  std::shared_ptr<const RuleSet> current() const { return current_.load(); }
  const std::shared_ptr<ThresholdTracker>& thresholds() const { return thresholds_; }

 private:
  std::atomic<std::shared_ptr<const RuleSet>> current_;
  std::atomic<uint64_t> generation_{0};
  std::shared_ptr<ThresholdTracker> thresholds_ = std::make_shared<ThresholdTracker>();
};

}  // namespace rampart::detect
