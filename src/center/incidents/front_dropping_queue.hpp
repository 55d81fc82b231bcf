#pragma once
// A sequence that grows at the back (or a few steps before it) and shrinks at the
// front, kept in one vector. An empty queue allocates nothing, where std::deque
// allocates its map and a first block on construction (the correlator keeps a queue
// per open group, one per attacked address for the sequence rule); dropping from the
// front is amortised O(1): the vector is compacted once half of it is dropped.
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace rampart::center::incidents {

template <typename T>
class FrontDroppingQueue {
 public:
  bool empty() const { return front_ == items_.size(); }
  size_t size() const { return items_.size() - front_; }
  const T& front() const { return items_[front_]; }
  const T& operator[](size_t index) const { return items_[front_ + index]; }
  auto begin() const { return items_.begin() + offset(); }
  auto end() const { return items_.end(); }

  void push_back(T item) { items_.push_back(std::move(item)); }
  void insert(size_t index, T item) {
    items_.insert(items_.begin() + offset() + static_cast<std::ptrdiff_t>(index), std::move(item));
  }
  void pop_front() {
    items_[front_] = T{};  // releases what the dropped element owns now
    if (++front_ * 2 >= items_.size()) compact();
  }
  template <typename Predicate>
  void erase_if(Predicate predicate) {
    compact();
    std::erase_if(items_, predicate);
  }
  void clear() {
    items_.clear();
    front_ = 0;
  }

 private:
  std::ptrdiff_t offset() const { return static_cast<std::ptrdiff_t>(front_); }
  void compact() {
    items_.erase(items_.begin(), items_.begin() + offset());
    front_ = 0;
  }

  std::vector<T> items_;
  size_t front_ = 0;
};

}  // namespace rampart::center::incidents
