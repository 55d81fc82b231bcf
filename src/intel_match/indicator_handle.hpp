#pragma once
// The indicator set in force, shared between the thread that updates it and the
// workers, in the style of detect::RuleSetHandle: publish() swaps a new set in
// atomically; a worker picks it up between two packets when the generation changes,
// and the old set is freed when the last worker lets go of it.
#include <atomic>
#include <cstdint>
#include <memory>

#include "intel_match/indicator_set.hpp"

namespace rampart::intel_match {

class IndicatorHandle {
 public:
  void publish(std::shared_ptr<const IndicatorSet> indicators) {
    current_.store(std::move(indicators));
    generation_.fetch_add(1, std::memory_order_release);
  }
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }
  std::shared_ptr<const IndicatorSet> current() const { return current_.load(); }

 private:
  std::atomic<std::shared_ptr<const IndicatorSet>> current_;
  std::atomic<uint64_t> generation_{0};
};

// A worker's view of the handle: the set it uses until the next generation.
class IndicatorMatcher {
 public:
  explicit IndicatorMatcher(const IndicatorHandle* handle) : handle_(handle) {}

  // The set for the packet being processed; nullptr without indicators.
  const IndicatorSet* refresh() {
    if (handle_ == nullptr) return nullptr;
    if (uint64_t generation = handle_->generation(); generation != generation_) {
      current_ = handle_->current();
      generation_ = generation;
    }
    return current_.get();
  }

 private:
  const IndicatorHandle* handle_;
  uint64_t generation_ = 0;
  std::shared_ptr<const IndicatorSet> current_;
};

}  // namespace rampart::intel_match
