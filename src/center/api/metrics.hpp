#pragma once
// Counters of the center process, rendered in the Prometheus text format (0.0.4).
// Counting is lock-free; render() takes a snapshot.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "center/store/records.hpp"

namespace rampart::center {

class Metrics {
 public:
  enum class BatchResult { stored, duplicate, rejected };

  void count_response(unsigned status);
  void count_batch(BatchResult result, uint64_t alerts, uint64_t other_events);
  void connection_opened() { connections_open_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { connections_open_.fetch_sub(1, std::memory_order_relaxed); }

  // stored: totals from the store, exported as gauges next to the process counters.
  std::string render(const StoreStats& stored) const;

 private:
  static constexpr std::array<unsigned, 10> kStatuses{200, 400, 401, 403, 404, 405, 413, 415, 500, 503};
  std::array<std::atomic<uint64_t>, kStatuses.size() + 1> responses_{};  // last slot: any other status
  std::array<std::atomic<uint64_t>, 3> batches_{};
  std::atomic<uint64_t> alerts_{0};
  std::atomic<uint64_t> other_events_{0};
  std::atomic<int64_t> connections_open_{0};
};

}  // namespace rampart::center
