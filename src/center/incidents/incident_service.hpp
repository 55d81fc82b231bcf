#pragma once
// Correlation on ingest: turns the alerts of each freshly stored batch into
// correlator input, records every created, updated or escalated incident through
// the Store (timeline, audit) and keeps the correlator's asset inventory in step
// with the assets table. The configuration's assets seed that table: a network it
// names is added when the table does not hold it yet. Safe to call from several
// threads; a duplicate batch (empty alert_ids) changes nothing.
#include <cstdint>
#include <expected>
#include <memory>
#include <mutex>
#include <string>

#include "center/incidents/correlator.hpp"
#include "center/store/store.hpp"

namespace rampart::center::incidents {

class IncidentService {
 public:
  static StoreResult<std::unique_ptr<IncidentService>> open(Store& store, CorrelationConfig config);

  // Returns the outcome of each incident created or changed (for notifications).
  StoreResult<std::vector<CorrelationOutcome>> correlate(const std::string& sensor, const EventBatch& batch, const BatchAck& ack);

  // A bad network or protection level is a std::unexpected string (nothing stored);
  // a store failure is a StoreError.
  std::expected<StoreResult<void>, std::string> put_asset(const Asset& asset, const std::string& actor);

  const CorrelationConfig& config() const { return config_; }

  IncidentService(Store& store, CorrelationConfig config, AssetInventory assets);

 private:
  Store& store_;
  CorrelationConfig config_;
  std::mutex mutex_;
  Correlator correlator_;
};

}  // namespace rampart::center::incidents
