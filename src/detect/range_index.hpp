#pragma once
// Rules keyed by ranges of values (addresses, ports), cut into disjoint ranges each
// naming the rules that cover it, so one binary search finds the rules whose ranges
// contain a value. Filled with add(), frozen by build(); find() before build()
// finds nothing. A large index also keeps, per value of the top kTopBits bits, where
// its ranges start, so a search looks at a few ranges only (ET Open's address lists
// cut IPv4 into tens of thousands of ranges, searched for both addresses of every
// packet).
#include <algorithm>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "detect/interval_set.hpp"

namespace rampart::detect {

template <typename T>
class RangeIndex {
 public:
  void add(Interval<T> range, uint32_t rule) { pending_.emplace_back(range, rule); }
  void add(const IntervalSet<T>& set, uint32_t rule) {
    for (const auto& i : set.intervals()) add(i, rule);
  }

  void build() {
    using Traits = IntervalTraits<T>;
    starts_.clear();
    for (const auto& [interval, rule] : pending_) {
      starts_.push_back(interval.first);
      if (interval.last != Traits::max()) starts_.push_back(Traits::next(interval.last));
    }
    std::sort(starts_.begin(), starts_.end());
    starts_.erase(std::unique(starts_.begin(), starts_.end()), starts_.end());
    std::vector<std::vector<uint32_t>> owners(starts_.size());
    for (const auto& [interval, rule] : pending_) {
      auto first = std::lower_bound(starts_.begin(), starts_.end(), interval.first) - starts_.begin();
      auto end = interval.last == Traits::max()
                     ? static_cast<std::ptrdiff_t>(starts_.size())
                     : std::lower_bound(starts_.begin(), starts_.end(), Traits::next(interval.last)) - starts_.begin();
      for (auto k = first; k < end; ++k) owners[static_cast<size_t>(k)].push_back(rule);
    }
    offsets_.assign(1, 0);
    rules_.clear();
    for (auto& list : owners) {
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
      rules_.insert(rules_.end(), list.begin(), list.end());
      offsets_.push_back(static_cast<uint32_t>(rules_.size()));
    }
    pending_.clear();
    pending_.shrink_to_fit();
    index_top_bits();
  }

  // Calls on_rule(rule) for each rule with a range containing value, in rule order.
  template <typename OnRule>
  void find(T value, OnRule&& on_rule) const {
    auto first = starts_.begin(), last = starts_.end();
    if (!by_top_.empty()) {
      // Every start before the value's bucket is below value, every one after it above.
      first += by_top_[top(value)];
      last = starts_.begin() + by_top_[top(value) + 1];
    }
    auto it = std::upper_bound(first, last, value);
    if (it == starts_.begin()) return;
    size_t i = static_cast<size_t>(it - starts_.begin()) - 1;
    for (uint32_t k = offsets_[i]; k < offsets_[i + 1]; ++k) on_rule(rules_[k]);
  }

  bool empty() const { return rules_.empty() && pending_.empty(); }

 private:
  static constexpr unsigned kTopBits = 12;
  static constexpr size_t kIndexedFrom = 256;  // ranges; below, the table costs more than it saves

  static size_t top(T value) {
    if constexpr (std::is_same_v<T, Uint128>) {
      return static_cast<size_t>(value.high >> (64 - kTopBits));
    } else {
      return static_cast<size_t>(value >> (sizeof(T) * 8 - kTopBits));
    }
  }

  void index_top_bits() {
    by_top_.clear();
    if (starts_.size() < kIndexedFrom) return;
    by_top_.resize((size_t{1} << kTopBits) + 1);
    size_t k = 0;
    for (size_t bucket = 0; bucket < by_top_.size(); ++bucket) {
      while (k < starts_.size() && top(starts_[k]) < bucket) ++k;
      by_top_[bucket] = static_cast<uint32_t>(k);
    }
  }

  std::vector<std::pair<Interval<T>, uint32_t>> pending_;  // until build()
  // Ranges [starts_[i], starts_[i+1]) own rules_[offsets_[i] .. offsets_[i+1]).
  std::vector<T> starts_;
  std::vector<uint32_t> offsets_;
  std::vector<uint32_t> rules_;
  std::vector<uint32_t> by_top_;  // by_top_[b]: the first start whose top bits are b or more
};

}  // namespace rampart::detect
