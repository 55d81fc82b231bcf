#pragma once
// Correlation after the acknowledgement: the ingest path hands each freshly stored
// batch to submit(), which queues its alerts and returns; a correlator thread takes
// them in alert id order, records every created, updated or escalated incident
// through the Store (timeline, audit) together with the correlation mark (the id up
// to which alerts are correlated), then reports each outcome (for notifications).
// open() first correlates the stored alerts after the mark, so alerts acknowledged
// but not correlated before a crash or kill -9 are correlated at the next start
// (their category is read again from the stored EVE line). The queue is bounded:
// when correlation falls behind by kMaxQueuedAlerts, submit() waits for room.
// The configuration's assets seed the assets table: a network it names is added
// when the table does not hold it yet. Safe to call from several threads; callers
// submit in the order the store gave out the alert ids.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <expected>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "center/incidents/correlator.hpp"
#include "center/store/store.hpp"

namespace rampart::center::incidents {

class IncidentService {
 public:
  using OutcomeHandler = std::function<void(const CorrelationOutcome&)>;
  using Reporter = std::function<void(const std::string&)>;  // a line per failed attempt to record

  static constexpr size_t kMaxQueuedAlerts = 100'000;

  // on_outcome and report run on the correlator thread.
  static StoreResult<std::unique_ptr<IncidentService>> open(Store& store, CorrelationConfig config,
                                                            OutcomeHandler on_outcome = {}, Reporter report = {});

  IncidentService(Store& store, CorrelationConfig config, AssetInventory assets, OutcomeHandler on_outcome,
                  Reporter report);
  // Correlates what is queued (one attempt to record it), then stops the thread.
  ~IncidentService();
  IncidentService(const IncidentService&) = delete;
  IncidentService& operator=(const IncidentService&) = delete;

  // Queues the alerts of a stored batch; nothing for a duplicate (empty alert_ids).
  void submit(const std::string& sensor, const EventBatch& batch, const BatchAck& ack);
  // Waits until every alert submitted before the call is correlated and recorded;
  // false when that took longer than timeout.
  bool settle(std::chrono::milliseconds timeout);
  // Alerts submitted and not recorded yet.
  uint64_t backlog() const;

  // A bad network or protection level is a std::unexpected string (nothing stored);
  // a store failure is a StoreError.
  std::expected<StoreResult<void>, std::string> put_asset(const Asset& asset, const std::string& actor);

  const CorrelationConfig& config() const { return config_; }

 private:
  // Correlates the stored alerts after the mark, in pages, before the thread starts.
  StoreResult<void> catch_up();
  void run();
  // Correlates the batches (each as the correlator's unit, in order) and records
  // their changes and the new mark in one transaction.
  void correlate(const std::vector<std::vector<CorrelationAlert>>& batches);
  StoreResult<std::vector<CorrelationOutcome>> record(const std::vector<IncidentChange>& changes, int64_t up_to);

  Store& store_;
  CorrelationConfig config_;
  OutcomeHandler on_outcome_;
  Reporter report_;
  std::mutex correlator_mutex_;  // the correlator and its inventory
  Correlator correlator_;

  mutable std::mutex queue_mutex_;
  std::condition_variable queued_;      // work arrived, or stopping
  std::condition_variable progressed_;  // alerts recorded (room in the queue, settle)
  std::deque<std::vector<CorrelationAlert>> queue_;
  uint64_t submitted_ = 0;  // alerts
  uint64_t recorded_ = 0;
  bool stopping_ = false;
  std::thread thread_;  // started by open() once the stored alerts are caught up
};

}  // namespace rampart::center::incidents
