#include "center/api/metrics.hpp"

#include <fmt/format.h>

namespace rampart::center {

namespace {
constexpr std::array<const char*, 3> kBatchResultNames{"stored", "duplicate", "rejected"};
}

void Metrics::count_response(unsigned status) {
  size_t slot = responses_.size() - 1;
  for (size_t i = 0; i < kStatuses.size(); ++i)
    if (kStatuses[i] == status) slot = i;
  responses_[slot].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::count_batch(BatchResult result, uint64_t alerts, uint64_t other_events) {
  batches_[static_cast<size_t>(result)].fetch_add(1, std::memory_order_relaxed);
  if (result != BatchResult::stored) return;
  alerts_.fetch_add(alerts, std::memory_order_relaxed);
  other_events_.fetch_add(other_events, std::memory_order_relaxed);
}

std::string Metrics::render(const StoreStats& stored) const {
  std::string out;
  out += "# HELP rampart_center_http_responses_total HTTP responses sent, by status code.\n";
  out += "# TYPE rampart_center_http_responses_total counter\n";
  for (size_t i = 0; i < kStatuses.size(); ++i)
    out += fmt::format("rampart_center_http_responses_total{{code=\"{}\"}} {}\n", kStatuses[i], responses_[i].load());
  out += fmt::format("rampart_center_http_responses_total{{code=\"other\"}} {}\n", responses_.back().load());
  out += "# HELP rampart_center_ingest_batches_total Ingest batches received, by outcome.\n";
  out += "# TYPE rampart_center_ingest_batches_total counter\n";
  for (size_t i = 0; i < batches_.size(); ++i)
    out += fmt::format("rampart_center_ingest_batches_total{{result=\"{}\"}} {}\n", kBatchResultNames[i], batches_[i].load());
  out += "# HELP rampart_center_ingested_alerts_total Alerts stored by this process.\n";
  out += "# TYPE rampart_center_ingested_alerts_total counter\n";
  out += fmt::format("rampart_center_ingested_alerts_total {}\n", alerts_.load());
  out += "# HELP rampart_center_ingested_other_events_total Non-alert events counted by this process.\n";
  out += "# TYPE rampart_center_ingested_other_events_total counter\n";
  out += fmt::format("rampart_center_ingested_other_events_total {}\n", other_events_.load());
  out += "# HELP rampart_center_http_connections_open Client connections currently open.\n";
  out += "# TYPE rampart_center_http_connections_open gauge\n";
  out += fmt::format("rampart_center_http_connections_open {}\n", connections_open_.load());
  out += "# HELP rampart_center_stored_alerts Alerts in the store.\n";
  out += "# TYPE rampart_center_stored_alerts gauge\n";
  out += fmt::format("rampart_center_stored_alerts {}\n", stored.alerts);
  out += "# HELP rampart_center_stored_batches Batches in the store.\n";
  out += "# TYPE rampart_center_stored_batches gauge\n";
  out += fmt::format("rampart_center_stored_batches {}\n", stored.batches);
  out += "# HELP rampart_center_sensors Sensors registered.\n";
  out += "# TYPE rampart_center_sensors gauge\n";
  out += fmt::format("rampart_center_sensors {}\n", stored.sensors);
  return out;
}

}  // namespace rampart::center
