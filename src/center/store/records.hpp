#pragma once
// Plain records exchanged with a Store: identities, ingested events, alert queries
// and their pages. They carry no storage detail, so every Store implementation and
// every caller share them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::center {

enum class Role { admin, analyst, viewer, sensor };

std::string_view role_name(Role role);
std::optional<Role> parse_role(std::string_view name);

// Who a bearer token belongs to: a user (user_id set) or a sensor (sensor_id set).
struct Principal {
  int64_t token_id = 0;
  Role role = Role::viewer;
  std::string name;
  std::optional<int64_t> user_id;
  std::optional<int64_t> sensor_id;
};

// One alert as it was indexed from an EVE line; eve_json is the line itself.
struct IngestedAlert {
  int64_t time_us = 0;
  int64_t signature_id = 0;
  int severity = 0;
  std::string signature;
  std::string src_ip;
  std::string dest_ip;
  std::string eve_json;
  // alert.category as received, for correlation on ingest; not a stored column, so
  // empty in search results (the EVE line holds it).
  std::string category;
};

// A parsed batch: alerts are stored one row each; other event types are counted.
struct EventBatch {
  std::vector<IngestedAlert> alerts;
  std::map<std::string, uint64_t> other_events;  // event_type -> count
  uint64_t other_event_total() const;
};

struct BatchAck {
  std::string batch_id;
  uint64_t alerts = 0;
  uint64_t other_events = 0;
  bool duplicate = false;  // the batch had been stored before; nothing was written now
  std::vector<int64_t> alert_ids;  // of the alerts stored now, in batch order (empty for a duplicate)
};

// Position after the last alert of a page, in the (time desc, id desc) order.
struct AlertCursor {
  int64_t time_us = 0;
  int64_t id = 0;
};

struct AlertQuery {
  std::optional<int64_t> since_us;  // inclusive
  std::optional<int64_t> until_us;  // exclusive
  std::optional<std::string> sensor;  // sensor name
  std::optional<int64_t> signature_id;
  std::optional<std::string> src_ip;
  std::optional<std::string> dest_ip;
  std::optional<std::string> any_ip;  // src or dest
  std::optional<int> min_severity;  // Suricata scale: 1 is the most severe, so severity <= this
  std::optional<AlertCursor> after;
  size_t limit = 100;
};

struct StoredAlert {
  int64_t id = 0;
  std::string sensor;
  IngestedAlert alert;
};

struct AlertPage {
  std::vector<StoredAlert> alerts;
  std::optional<AlertCursor> next;  // set when more alerts may follow
};

struct SensorInfo {
  int64_t id = 0;
  std::string name;
  std::string organisation;
  std::optional<int64_t> last_batch_us;
  uint64_t batches = 0;
  uint64_t alerts = 0;
};

struct StoreStats {
  uint64_t sensors = 0;
  uint64_t users = 0;
  uint64_t batches = 0;
  uint64_t alerts = 0;
  std::map<std::string, uint64_t> other_events;
};

struct OrganisationInfo {
  int64_t id = 0;
  std::string name;
  int64_t created_us = 0;
};

struct UserInfo {
  int64_t id = 0;
  std::string name;
  Role role = Role::viewer;
  std::string organisation;
  int64_t created_us = 0;
};

struct AuditEntry {
  int64_t id = 0;
  int64_t time_us = 0;
  std::string actor;
  std::string action;
  std::string subject;
};

}  // namespace rampart::center
