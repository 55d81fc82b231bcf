#include "center/incidents/incident_service.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "center/ingest/ndjson_batch.hpp"

namespace rampart::center::incidents {

namespace {

constexpr std::string_view kActor = "correlator";
// Stored alerts read per step when catching up after a restart.
constexpr size_t kCatchUpPage = 10'000;
// A failed record is tried again after this, doubling up to the maximum.
constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kLongestRetry{5000};

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

CorrelationAlert correlation_alert(int64_t id, const std::string& sensor, const IngestedAlert& alert) {
  return CorrelationAlert{id,           alert.time_us,  sensor,       "", alert.signature_id, alert.severity,
                          alert.category, alert.src_ip, alert.dest_ip};
}

// A stored alert as correlation input: alert.category is not a column, so it is read
// from the stored EVE line (validated when it was ingested). A line that does not
// parse as an alert (written by other means) leaves the category empty.
CorrelationAlert correlation_alert(const StoredAlert& stored) {
  auto alert = correlation_alert(stored.id, stored.sensor, stored.alert);
  auto parsed = parse_ndjson_batch(stored.alert.eve_json);
  if (parsed && parsed->alerts.size() == 1) alert.category = parsed->alerts.front().category;
  return alert;
}

}  // namespace

IncidentService::IncidentService(Store& store, CorrelationConfig config, AssetInventory assets,
                                 OutcomeHandler on_outcome, Reporter report)
    : store_(store),
      config_(config),
      on_outcome_(std::move(on_outcome)),
      report_(std::move(report)),
      correlator_(std::move(config), std::move(assets)) {}

StoreResult<std::unique_ptr<IncidentService>> IncidentService::open(Store& store, CorrelationConfig config,
                                                                    OutcomeHandler on_outcome, Reporter report) {
  auto stored = store.assets();
  if (!stored) return std::unexpected(stored.error());
  for (const auto& asset : config.assets) {
    bool known = std::any_of(stored->begin(), stored->end(), [&](const Asset& a) { return a.network == asset.network; });
    if (known) continue;
    if (auto put = store.put_asset(asset, "config"); !put) return std::unexpected(put.error());
  }
  auto inventory = load_inventory(store);
  if (!inventory) return std::unexpected(inventory.error());
  auto service = std::make_unique<IncidentService>(store, std::move(config), std::move(*inventory), std::move(on_outcome),
                                                   std::move(report));
  if (auto caught_up = service->catch_up(); !caught_up) return std::unexpected(caught_up.error());
  service->thread_ = std::thread([raw = service.get()] { raw->run(); });
  return service;
}

IncidentService::~IncidentService() {
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queued_.notify_all();
  progressed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

StoreResult<void> IncidentService::catch_up() {
  auto mark = store_.correlated_up_to();
  if (!mark) return std::unexpected(mark.error());
  while (true) {
    auto page = store_.alerts_after(*mark, kCatchUpPage);
    if (!page) return std::unexpected(page.error());
    if (page->empty()) return {};
    std::vector<CorrelationAlert> alerts;
    alerts.reserve(page->size());
    for (const auto& stored : *page) alerts.push_back(correlation_alert(stored));
    *mark = page->back().id;
    std::vector<IncidentChange> changes;
    {
      std::lock_guard lock(correlator_mutex_);
      changes = correlator_.process(alerts);
    }
    auto outcomes = record(changes, *mark);
    if (!outcomes) return std::unexpected(outcomes.error());
    if (on_outcome_)
      for (const auto& outcome : *outcomes) on_outcome_(outcome);
  }
}

void IncidentService::submit(const std::string& sensor, const EventBatch& batch, const BatchAck& ack) {
  if (ack.duplicate || ack.alert_ids.empty() || ack.alert_ids.size() != batch.alerts.size()) return;
  std::vector<CorrelationAlert> alerts;
  alerts.reserve(batch.alerts.size());
  for (size_t i = 0; i < batch.alerts.size(); ++i) alerts.push_back(correlation_alert(ack.alert_ids[i], sensor, batch.alerts[i]));
  std::unique_lock lock(queue_mutex_);
  progressed_.wait(lock, [&] { return submitted_ - recorded_ < kMaxQueuedAlerts || stopping_; });
  submitted_ += alerts.size();
  queue_.push_back(std::move(alerts));
  lock.unlock();
  queued_.notify_one();
}

bool IncidentService::settle(std::chrono::milliseconds timeout) {
  std::unique_lock lock(queue_mutex_);
  uint64_t target = submitted_;
  return progressed_.wait_for(lock, timeout, [&] { return recorded_ >= target; });
}

uint64_t IncidentService::backlog() const {
  std::lock_guard lock(queue_mutex_);
  return submitted_ - recorded_;
}

void IncidentService::run() {
  while (true) {
    std::vector<std::vector<CorrelationAlert>> batches;
    {
      std::unique_lock lock(queue_mutex_);
      queued_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;
      batches.assign(std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
      queue_.clear();
    }
    correlate(batches);
    uint64_t alerts = 0;
    for (const auto& batch : batches) alerts += batch.size();
    {
      std::lock_guard lock(queue_mutex_);
      recorded_ += alerts;
    }
    progressed_.notify_all();
  }
}

void IncidentService::correlate(const std::vector<std::vector<CorrelationAlert>>& batches) {
  std::vector<IncidentChange> changes;
  {
    std::lock_guard lock(correlator_mutex_);
    for (const auto& batch : batches) {
      auto batch_changes = correlator_.process(batch);
      std::move(batch_changes.begin(), batch_changes.end(), std::back_inserter(changes));
    }
  }
  int64_t up_to = batches.back().back().id;
  auto wait = kFirstRetry;
  while (true) {
    auto outcomes = record(changes, up_to);
    if (outcomes) {
      if (on_outcome_)
        for (const auto& outcome : *outcomes) on_outcome_(outcome);
      return;
    }
    if (report_) report_(fmt::format("correlation of alerts up to {} not recorded: {}", up_to, outcomes.error().detail));
    // At shutdown the mark stays where it was: the next start correlates these alerts.
    std::unique_lock lock(queue_mutex_);
    if (progressed_.wait_for(lock, wait, [&] { return stopping_; })) return;
    wait = std::min(wait * 2, kLongestRetry);
  }
}

StoreResult<std::vector<CorrelationOutcome>> IncidentService::record(const std::vector<IncidentChange>& changes,
                                                                     int64_t up_to) {
  std::vector<CorrelatedIncident> incidents;
  incidents.reserve(changes.size());
  for (const auto& change : changes) {
    const auto& draft = change.incident;
    incidents.push_back(CorrelatedIncident{draft.correlation_key, fmt::format("{}: {}", draft.rule, draft.group),
                                           std::string(category_name(draft.category)), static_cast<int>(draft.level),
                                           now_us(), config_.deadline_us(draft.level), change.new_alert_ids});
  }
  return store_.record_correlations(incidents, up_to, std::string(kActor));
}

std::expected<StoreResult<void>, std::string> IncidentService::put_asset(const Asset& asset, const std::string& actor) {
  if (auto valid = AssetInventory::build({asset}); !valid) return std::unexpected(valid.error());
  std::lock_guard lock(correlator_mutex_);
  if (auto put = store_.put_asset(asset, actor); !put) return put;
  auto inventory = load_inventory(store_);
  if (!inventory) return StoreResult<void>(std::unexpected(inventory.error()));
  correlator_.replace_assets(std::move(*inventory));
  return StoreResult<void>();
}

}  // namespace rampart::center::incidents
