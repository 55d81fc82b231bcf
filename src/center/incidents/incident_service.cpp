#include "center/incidents/incident_service.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

namespace rampart::center::incidents {

namespace {

constexpr std::string_view kActor = "correlator";

int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

StoreResult<AssetInventory> load_inventory(Store& store) {
  auto assets = store.assets();
  if (!assets) return std::unexpected(assets.error());
  auto inventory = AssetInventory::build(std::move(*assets));
  if (!inventory) return std::unexpected(StoreError{fmt::format("assets table: {}", inventory.error())});
  return std::move(*inventory);
}

}  // namespace

IncidentService::IncidentService(Store& store, CorrelationConfig config, AssetInventory assets)
    : store_(store), config_(config), correlator_(std::move(config), std::move(assets)) {}

StoreResult<std::unique_ptr<IncidentService>> IncidentService::open(Store& store, CorrelationConfig config) {
  auto stored = store.assets();
  if (!stored) return std::unexpected(stored.error());
  for (const auto& asset : config.assets) {
    bool known = std::any_of(stored->begin(), stored->end(), [&](const Asset& a) { return a.network == asset.network; });
    if (known) continue;
    if (auto put = store.put_asset(asset, "config"); !put) return std::unexpected(put.error());
  }
  auto inventory = load_inventory(store);
  if (!inventory) return std::unexpected(inventory.error());
  return std::make_unique<IncidentService>(store, std::move(config), std::move(*inventory));
}

StoreResult<std::vector<CorrelationOutcome>> IncidentService::correlate(const std::string& sensor, const EventBatch& batch,
                                               const BatchAck& ack) {
  std::vector<CorrelationOutcome> outcomes;
  if (ack.duplicate || ack.alert_ids.size() != batch.alerts.size()) return outcomes;
  std::vector<CorrelationAlert> alerts;
  alerts.reserve(batch.alerts.size());
  for (size_t i = 0; i < batch.alerts.size(); ++i) {
    const auto& alert = batch.alerts[i];
    alerts.push_back(CorrelationAlert{ack.alert_ids[i], alert.time_us, sensor, "", alert.signature_id, alert.severity,
                                      alert.category, alert.src_ip, alert.dest_ip});
  }
  std::lock_guard lock(mutex_);
  auto changes = correlator_.process(alerts);
  for (const auto& change : changes) {
    const auto& draft = change.incident;
    CorrelatedIncident incident{draft.correlation_key,
                                fmt::format("{}: {}", draft.rule, draft.group),
                                std::string(category_name(draft.category)),
                                static_cast<int>(draft.level),
                                now_us(),
                                config_.deadline_us(draft.level),
                                change.new_alert_ids};
    auto recorded = store_.record_correlation(incident, std::string(kActor));
    if (!recorded) return std::unexpected(recorded.error());
    outcomes.push_back(*recorded);
  }
  return outcomes;
}

std::expected<StoreResult<void>, std::string> IncidentService::put_asset(const Asset& asset, const std::string& actor) {
  if (auto valid = AssetInventory::build({asset}); !valid) return std::unexpected(valid.error());
  std::lock_guard lock(mutex_);
  if (auto put = store_.put_asset(asset, actor); !put) return put;
  auto inventory = load_inventory(store_);
  if (!inventory) return StoreResult<void>(std::unexpected(inventory.error()));
  correlator_.replace_assets(std::move(*inventory));
  return StoreResult<void>();
}

}  // namespace rampart::center::incidents
