#include "center/incidents/correlator.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace rampart::center::incidents {

namespace {

bool matches(const AlertMatch& match, const CorrelationAlert& alert) {
  if (!match.categories.empty() &&
      std::find(match.categories.begin(), match.categories.end(), alert.category) == match.categories.end())
    return false;
  if (!match.signature_ids.empty() &&
      std::find(match.signature_ids.begin(), match.signature_ids.end(), alert.signature_id) == match.signature_ids.end())
    return false;
  return alert.severity <= match.max_severity;
}

}  // namespace

// Collects the changes of one batch, one entry per incident, remembering the
// level each incident had before the batch touched it. An entry shares the
// incident's draft and copies it once, in finish(): copying it per added alert
// would cost as much as the incident's alerts so far, for every alert.
class Correlator::BatchChanges {
 public:
  void created(const std::shared_ptr<IncidentDraft>& incident) {
    auto& change = entry(incident, incident->level);
    change.kind = ChangeKind::created;
    change.new_alert_ids = incident->alert_ids;
  }

  void added(const std::shared_ptr<IncidentDraft>& incident, IncidentLevel level_before, int64_t alert_id) {
    auto& change = entry(incident, level_before);
    change.new_alert_ids.push_back(alert_id);
  }

  std::vector<IncidentChange> finish() {
    for (size_t i = 0; i < changes_.size(); ++i) {
      auto& change = changes_[i];
      change.incident = *drafts_[i];
      if (change.kind == ChangeKind::created) continue;
      change.kind = is_graver(change.incident.level, change.previous_level) ? ChangeKind::escalated : ChangeKind::updated;
    }
    return std::move(changes_);
  }

 private:
  IncidentChange& entry(const std::shared_ptr<IncidentDraft>& incident, IncidentLevel level_before) {
    auto [position, inserted] = index_.try_emplace(incident->correlation_key, changes_.size());
    if (inserted) {
      changes_.push_back(IncidentChange{ChangeKind::updated, level_before, {}, {}});
      drafts_.emplace_back();
    }
    drafts_[position->second] = incident;
    return changes_[position->second];
  }

  std::vector<IncidentChange> changes_;
  std::vector<std::shared_ptr<const IncidentDraft>> drafts_;  // in step with changes_
  std::map<std::string, size_t> index_;
};

bool SeenAlertIds::insert(int64_t id) {
  if (ids_.empty() || id > ids_.back()) {
    ids_.push_back(id);
    return true;
  }
  auto position = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (*position == id) return false;
  ids_.insert(position, id);
  return true;
}

Correlator::Correlator(CorrelationConfig config, AssetInventory assets)
    : config_(std::move(config)), assets_(std::move(assets)) {}

std::vector<IncidentChange> Correlator::process(const std::vector<CorrelationAlert>& alerts) {
  BatchChanges changes;
  for (const auto& alert : alerts) {
    latest_us_ = std::max(latest_us_, alert.time_us);
    for (size_t i = 0; i < config_.rules.size(); ++i) {
      if (config_.rules[i].followed_by)
        consider_sequence(i, alert, changes);
      else
        consider_threshold(i, alert, changes);
    }
  }
  expire_groups();
  return changes.finish();
}

void Correlator::consider_threshold(size_t rule_index, const CorrelationAlert& alert, BatchChanges& changes) {
  const auto& rule = config_.rules[rule_index];
  if (!matches(rule.match, alert)) return;
  std::string group;
  for (auto field : rule.group_by) {
    auto value = field_value(field, alert);
    if (value.empty()) return;  // an alert without the grouping attribute cannot be grouped
    if (!group.empty()) group += ',';
    group.append(field_name(field)).append(1, '=').append(value);
  }
  Group& state = group_for(rule_index, group, alert.time_us);
  if (!state.seen.insert(alert.id)) return;
  state.last_us = std::max(state.last_us, alert.time_us);
  if (state.incident) {
    auto level_before = state.incident->level;
    add_to_incident(*state.incident, alert);
    changes.added(state.incident, level_before, alert.id);
    return;
  }
  add_pending(rule, state, alert);
  drop_pending_before(state, state.last_us - rule.window_us);
  if (threshold_reached(rule, state)) open_incident(rule, group, state, changes);
}

void Correlator::consider_sequence(size_t rule_index, const CorrelationAlert& alert, BatchChanges& changes) {
  const auto& rule = config_.rules[rule_index];
  if (matches(*rule.followed_by, alert) && !alert.src_ip.empty()) {
    auto found = groups_.find(GroupId{rule_index, "target=" + alert.src_ip});
    if (found != groups_.end() && alert.time_us - found->second.last_us <= rule.window_us &&
        found->second.seen.insert(alert.id)) {
      Group& state = found->second;
      if (state.incident) {
        auto level_before = state.incident->level;
        add_to_incident(*state.incident, alert);
        changes.added(state.incident, level_before, alert.id);
        state.last_us = std::max(state.last_us, alert.time_us);
      } else {
        state.pending.erase_if([&](const PendingAlert& first) {
          return first.alert.time_us > alert.time_us || first.alert.time_us < alert.time_us - rule.window_us;
        });
        if (!state.pending.empty()) {
          state.pending.push_back({alert, {}});
          state.last_us = std::max(state.last_us, alert.time_us);
          open_incident(rule, found->first.second, state, changes);
        }
      }
    }
  }
  if (!matches(rule.match, alert) || alert.dest_ip.empty()) return;
  std::string group = "target=" + alert.dest_ip;
  Group& state = group_for(rule_index, group, alert.time_us);
  if (!state.seen.insert(alert.id)) return;
  state.last_us = std::max(state.last_us, alert.time_us);
  if (state.incident) {
    auto level_before = state.incident->level;
    add_to_incident(*state.incident, alert);
    changes.added(state.incident, level_before, alert.id);
    return;
  }
  state.pending.push_back({alert, {}});
  state.pending.erase_if([&](const PendingAlert& p) { return p.alert.time_us < state.last_us - rule.window_us; });
}

Correlator::Group& Correlator::group_for(size_t rule_index, const std::string& value, int64_t time_us) {
  auto [found, inserted] = groups_.try_emplace(GroupId{rule_index, value});
  if (!inserted && time_us - found->second.last_us > config_.rules[rule_index].window_us)
    found->second = Group{};  // the window passed: a later alert starts a new group
  return found->second;
}

// Keeps pending in time order: an alert older than the newest pending one (batches
// of several sensors interleave) goes in before the newer ones, a few steps from the
// back, so expired alerts are always at the front.
void Correlator::add_pending(const CorrelationRule& rule, Group& state, const CorrelationAlert& alert) const {
  size_t position = state.pending.size();
  while (position > 0 && state.pending[position - 1].alert.time_us > alert.time_us) --position;
  std::string value = rule.distinct ? field_value(rule.distinct->field, alert) : std::string();
  if (!value.empty()) ++state.distinct_counts[value];
  state.pending.insert(position, {alert, std::move(value)});
}

// Drops the pending alerts older than cutoff_us.
void Correlator::drop_pending_before(Group& state, int64_t cutoff_us) const {
  while (!state.pending.empty() && state.pending.front().alert.time_us < cutoff_us) {
    auto counted = state.distinct_counts.find(state.pending.front().distinct_value);
    if (counted != state.distinct_counts.end() && --counted->second == 0) state.distinct_counts.erase(counted);
    state.pending.pop_front();
  }
}

bool Correlator::threshold_reached(const CorrelationRule& rule, const Group& state) const {
  if (state.pending.size() < rule.threshold) return false;
  return !rule.distinct || state.distinct_counts.size() >= rule.distinct->min;
}

void Correlator::open_incident(const CorrelationRule& rule, const std::string& group, Group& state,
                               BatchChanges& changes) {
  IncidentDraft incident;
  incident.rule = rule.name;
  incident.group = group;
  incident.first_us = state.pending.front().alert.time_us;
  incident.last_us = incident.first_us;
  for (const auto& pending : state.pending) add_to_incident(incident, pending.alert);
  incident.correlation_key = fmt::format("{}|{}|{}", rule.name, group, incident.first_us);
  state.pending.clear();
  state.distinct_counts.clear();
  state.incident = std::make_shared<IncidentDraft>(std::move(incident));
  changes.created(state.incident);
}

void Correlator::add_to_incident(IncidentDraft& incident, const CorrelationAlert& alert) const {
  incident.alert_ids.push_back(alert.id);
  incident.first_us = std::min(incident.first_us, alert.time_us);
  incident.last_us = std::max(incident.last_us, alert.time_us);
  if (incident.category == IncidentCategory::other) incident.category = config_.classify(alert.category);
  auto& grading = incident.grading;
  grading.most_severe = std::min(grading.most_severe, alert.severity);
  if (!alert.dest_ip.empty()) incident.assets.insert(alert.dest_ip);
  for (const auto* address : {&alert.dest_ip, &alert.src_ip}) {
    const Asset* asset = assets_.find(*address);
    if (asset == nullptr) continue;
    incident.assets.insert(*address);
    grading.max_protection_level = std::max(grading.max_protection_level, asset->protection_level);
    grading.critical_infrastructure = grading.critical_infrastructure || asset->critical_infrastructure;
    if (!asset->organisation.empty()) incident.organisations.insert(asset->organisation);
    if (!asset->sector.empty()) incident.sectors.insert(asset->sector);
  }
  if (incident.organisations.empty() && !alert.sensor_organisation.empty())
    incident.organisations.insert(alert.sensor_organisation);
  grading.assets = incident.assets.size();
  grading.organisations = incident.organisations.size();
  grading.sectors = incident.sectors.size();
  incident.level = grade(config_.grading, grading);
}

std::string Correlator::field_value(AlertField field, const CorrelationAlert& alert) const {
  switch (field) {
    case AlertField::src_ip: return alert.src_ip;
    case AlertField::dest_ip: return alert.dest_ip;
    case AlertField::signature_id: return std::to_string(alert.signature_id);
    case AlertField::category: return alert.category;
    case AlertField::sensor: return alert.sensor;
    case AlertField::organisation: {
      const Asset* asset = assets_.find(alert.dest_ip);
      return asset != nullptr && !asset->organisation.empty() ? asset->organisation : alert.sensor_organisation;
    }
    case AlertField::sector: {
      const Asset* asset = assets_.find(alert.dest_ip);
      return asset != nullptr ? asset->sector : std::string();
    }
  }
  return {};
}

void Correlator::expire_groups() {
  std::erase_if(groups_, [&](const auto& entry) {
    return latest_us_ - entry.second.last_us > config_.rules[entry.first.first].window_us;
  });
}

}  // namespace rampart::center::incidents
