#pragma once
// A set of values kept as sorted, disjoint, non-adjacent closed intervals. Addresses
// (IPv4 as uint32, IPv6 as Uint128) and ports use it; the value type provides
// std::numeric_limits-like bounds through IntervalTraits.
#include <algorithm>
#include <compare>
#include <cstdint>
#include <limits>
#include <vector>

namespace rampart::detect {

struct Uint128 {
  uint64_t high = 0;
  uint64_t low = 0;
  auto operator<=>(const Uint128&) const = default;
};

template <typename T>
struct IntervalTraits {
  static constexpr T min() { return std::numeric_limits<T>::min(); }
  static constexpr T max() { return std::numeric_limits<T>::max(); }
  static constexpr T next(T v) { return static_cast<T>(v + 1); }
  static constexpr T previous(T v) { return static_cast<T>(v - 1); }
};

template <>
struct IntervalTraits<Uint128> {
  static constexpr Uint128 min() { return {0, 0}; }
  static constexpr Uint128 max() { return {UINT64_MAX, UINT64_MAX}; }
  static constexpr Uint128 next(Uint128 v) { return v.low == UINT64_MAX ? Uint128{v.high + 1, 0} : Uint128{v.high, v.low + 1}; }
  static constexpr Uint128 previous(Uint128 v) { return v.low == 0 ? Uint128{v.high - 1, UINT64_MAX} : Uint128{v.high, v.low - 1}; }
};

template <typename T>
struct Interval {
  T first{};
  T last{};
  auto operator<=>(const Interval&) const = default;
};

template <typename T>
class IntervalSet {
 public:
  using Traits = IntervalTraits<T>;

  static IntervalSet full() { return IntervalSet({{Traits::min(), Traits::max()}}); }

  IntervalSet() = default;
  explicit IntervalSet(std::vector<Interval<T>> intervals) : intervals_(std::move(intervals)) { normalize(); }

  const std::vector<Interval<T>>& intervals() const { return intervals_; }
  bool empty() const { return intervals_.empty(); }
  bool is_full() const { return intervals_.size() == 1 && intervals_[0].first == Traits::min() && intervals_[0].last == Traits::max(); }

  bool contains(T value) const {
    auto it = std::upper_bound(intervals_.begin(), intervals_.end(), value,
                               [](const T& v, const Interval<T>& i) { return v < i.first; });
    return it != intervals_.begin() && value <= std::prev(it)->last;
  }

  void add(Interval<T> interval) {
    intervals_.push_back(interval);
    normalize();
  }

  IntervalSet united(const IntervalSet& other) const {
    auto all = intervals_;
    all.insert(all.end(), other.intervals_.begin(), other.intervals_.end());
    return IntervalSet(std::move(all));
  }

  IntervalSet complement() const {
    std::vector<Interval<T>> gaps;
    T start = Traits::min();
    bool open = true;
    for (const auto& i : intervals_) {
      if (open && start < i.first) gaps.push_back({start, Traits::previous(i.first)});
      open = i.last != Traits::max();
      if (open) start = Traits::next(i.last);
    }
    if (open) gaps.push_back({start, Traits::max()});
    IntervalSet out;
    out.intervals_ = std::move(gaps);
    return out;
  }

  IntervalSet minus(const IntervalSet& other) const { return intersected(other.complement()); }

  IntervalSet intersected(const IntervalSet& other) const {
    std::vector<Interval<T>> out;
    size_t a = 0, b = 0;
    while (a < intervals_.size() && b < other.intervals_.size()) {
      const auto& x = intervals_[a];
      const auto& y = other.intervals_[b];
      T first = std::max(x.first, y.first);
      T last = std::min(x.last, y.last);
      if (first <= last) out.push_back({first, last});
      (x.last < y.last) ? ++a : ++b;
    }
    IntervalSet result;
    result.intervals_ = std::move(out);
    return result;
  }

  bool operator==(const IntervalSet&) const = default;

 private:
  // Sorts and merges overlapping or touching intervals.
  void normalize() {
    std::sort(intervals_.begin(), intervals_.end());
    std::vector<Interval<T>> merged;
    for (const auto& i : intervals_) {
      if (!merged.empty() && (merged.back().last == Traits::max() || Traits::next(merged.back().last) >= i.first)) {
        merged.back().last = std::max(merged.back().last, i.last);
      } else {
        merged.push_back(i);
      }
    }
    intervals_ = std::move(merged);
  }

  std::vector<Interval<T>> intervals_;
};

}  // namespace rampart::detect
