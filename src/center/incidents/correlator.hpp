#pragma once
// Incremental correlation of stored alerts into incidents. The ingest path hands
// over each stored batch; the correlator keeps state only per open group (a rule
// and its group-by values, or a sequence rule and its target) and drops a group
// once its window has passed without a new alert, so nothing is ever rescanned.
// Feeding an alert id a group has already seen changes nothing, so a retried
// batch is harmless. Changes come back coalesced per incident, in order of first
// change: created, updated (new alerts) or escalated (level rose towards I).
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "center/incidents/asset_inventory.hpp"
#include "center/incidents/correlation_config.hpp"
#include "center/incidents/front_dropping_queue.hpp"

namespace rampart::center::incidents {

struct CorrelationAlert {
  int64_t id = 0;  // the store's alert id
  int64_t time_us = 0;
  std::string sensor;
  std::string sensor_organisation;
  int64_t signature_id = 0;
  int severity = 3;
  std::string category;  // EVE alert.category (the classtype's description)
  std::string src_ip;
  std::string dest_ip;
};

// What correlation knows of one incident.
struct IncidentDraft {
  std::string correlation_key;  // "RULE|GROUP|FIRST_US": stable, unique per incident
  std::string rule;
  std::string group;  // "src_ip=192.0.2.1", "target=10.0.0.5"
  int64_t first_us = 0;
  int64_t last_us = 0;
  std::vector<int64_t> alert_ids;
  IncidentCategory category = IncidentCategory::other;
  IncidentLevel level = IncidentLevel::IV;
  GradingInput grading;
  std::set<std::string> assets;
  std::set<std::string> organisations;
  std::set<std::string> sectors;
};

enum class ChangeKind { created, updated, escalated };

struct IncidentChange {
  ChangeKind kind = ChangeKind::created;
  IncidentLevel previous_level = IncidentLevel::IV;  // before this batch (for escalated)
  std::vector<int64_t> new_alert_ids;
  IncidentDraft incident;  // as it is after the batch
};

// The alert ids a group has taken, sorted. The store hands out ids in ascending
// order, so adding one is nearly always an append (no node per alert).
class SeenAlertIds {
 public:
  bool insert(int64_t id);  // false when id was there already

 private:
  std::vector<int64_t> ids_;
};

class Correlator {
 public:
  Correlator(CorrelationConfig config, AssetInventory assets);

  std::vector<IncidentChange> process(const std::vector<CorrelationAlert>& alerts);
  size_t open_groups() const { return groups_.size(); }
  // Later alerts are looked up in the new inventory; open incidents keep what they had.
  void replace_assets(AssetInventory assets) { assets_ = std::move(assets); }

 private:
  struct PendingAlert {
    CorrelationAlert alert;
    std::string distinct_value;  // threshold rules: the distinct field's value, or empty
  };
  struct Group {
    // Within the window, before the incident exists. Threshold rules keep it in time
    // order, so the expired alerts are at the front, and count how often each
    // non-empty distinct value occurs among the pending alerts, so a new alert costs
    // the same however many are pending.
    FrontDroppingQueue<PendingAlert> pending;
    std::map<std::string, size_t> distinct_counts;
    std::shared_ptr<IncidentDraft> incident;  // shared with the batch's changes
    SeenAlertIds seen;
    int64_t last_us = 0;
  };
  using GroupId = std::pair<size_t, std::string>;  // rule index, group value
  // Group values share long prefixes ("target=198.51."), so a tree's comparisons cost
  // more than one hash and one comparison.
  struct GroupIdHash {
    size_t operator()(const GroupId& id) const { return std::hash<std::string>{}(id.second) ^ id.first; }
  };
  class BatchChanges;

  void consider_threshold(size_t rule_index, const CorrelationAlert& alert, BatchChanges& changes);
  void consider_sequence(size_t rule_index, const CorrelationAlert& alert, BatchChanges& changes);
  Group& group_for(size_t rule_index, const std::string& value, int64_t time_us);
  void add_pending(const CorrelationRule& rule, Group& state, const CorrelationAlert& alert) const;
  void drop_pending_before(Group& state, int64_t cutoff_us) const;
  bool threshold_reached(const CorrelationRule& rule, const Group& state) const;
  void open_incident(const CorrelationRule& rule, const std::string& group, Group& state, BatchChanges& changes);
  void add_to_incident(IncidentDraft& incident, const CorrelationAlert& alert) const;
  std::string field_value(AlertField field, const CorrelationAlert& alert) const;
  void expire_groups();

  CorrelationConfig config_;
  AssetInventory assets_;
  std::unordered_map<GroupId, Group, GroupIdHash> groups_;
  int64_t latest_us_ = 0;
};

}  // namespace rampart::center::incidents
