#pragma once
// The center's storage interface. Every implementation applies the same versioned
// schema (its own dialect) when opened, makes each write atomic together with its
// audit-log entry, and keeps batches idempotent per (sensor, batch id): ingesting a
// batch id a second time writes nothing and returns the first acknowledgement.
// Errors are values; a Store is safe to call from several threads.
#include <expected>
#include <memory>
#include <string>
#include <vector>

#include "center/incidents/asset_inventory.hpp"
#include "center/store/incident_records.hpp"
#include "center/store/records.hpp"
#include "center/store/sharing_records.hpp"

namespace rampart::center {

struct StoreError {
  std::string detail;
};

template <typename T>
using StoreResult = std::expected<T, StoreError>;

class Store {
 public:
  virtual ~Store() = default;

  virtual StoreResult<int> schema_version() = 0;

  // Identities. token_hash is the SHA-256 of the bearer token; the token itself is
  // never stored. actor names who made the change in the audit log.
  virtual StoreResult<int64_t> add_sensor(const std::string& name, const std::string& token_hash,
                                          const std::string& actor) = 0;
  virtual StoreResult<int64_t> add_user(const std::string& name, Role role, const std::string& password_hash,
                                        const std::string& token_hash, const std::string& actor) = 0;
  // Administration: organisations and users by name; a further token for an existing
  // user (false when there is no such user).
  virtual StoreResult<std::vector<OrganisationInfo>> organisations() = 0;
  virtual StoreResult<std::vector<UserInfo>> users() = 0;
  virtual StoreResult<bool> add_user_token(const std::string& user_name, const std::string& token_hash,
                                           const std::string& actor) = 0;
  virtual StoreResult<std::optional<Principal>> find_token(const std::string& token_hash) = 0;
  virtual StoreResult<std::optional<std::string>> password_hash(const std::string& user_name) = 0;

  virtual StoreResult<BatchAck> ingest(const Principal& sensor, const std::string& batch_id, const EventBatch& batch) = 0;

  virtual StoreResult<AlertPage> alerts(const AlertQuery& query) = 0;
  // The stored alerts with these ids, ascending by id; unknown ids are left out.
  virtual StoreResult<std::vector<StoredAlert>> alerts_by_id(const std::vector<int64_t>& ids) = 0;
  virtual StoreResult<std::vector<SensorInfo>> sensors() = 0;
  virtual StoreResult<StoreStats> stats() = 0;
  virtual StoreResult<std::vector<AuditEntry>> audit_log(size_t limit) = 0;

  // Incidents and assets. record_correlations records, in one transaction, what
  // correlating the alerts up to id correlated_up_to gave: for each incident it
  // creates the one of an unknown correlation key (state new) or links the new alerts
  // to it and raises its level and deadline when the level rose; each change lands in
  // its timeline. The correlation mark moves up to correlated_up_to (never down; 0
  // leaves it). Outcomes come back in the order of the incidents.
  virtual StoreResult<std::vector<CorrelationOutcome>> record_correlations(
      const std::vector<CorrelatedIncident>& incidents, int64_t correlated_up_to, const std::string& actor) = 0;
  // The correlation mark (migration 10): every alert up to this id was correlated and
  // its incidents recorded. A restart correlates the alerts after it, which
  // alerts_after() returns ascending by id, at most limit.
  virtual StoreResult<int64_t> correlated_up_to() = 0;
  virtual StoreResult<std::vector<StoredAlert>> alerts_after(int64_t id, size_t limit) = 0;
  virtual StoreResult<std::optional<IncidentRecord>> incident(int64_t id) = 0;
  virtual StoreResult<TransitionResult> transition_incident(int64_t id, incidents::IncidentState to,
                                                            const std::string& actor) = 0;
  // Case management by analysts (migration 5). A manual incident starts in state new;
  // its id is the result's created_id, and an unknown alert id makes it invalid.
  virtual StoreResult<IncidentPage> incidents(const IncidentQuery& query) = 0;
  virtual StoreResult<ChangeResult> create_incident(const NewIncident& incident, const std::string& actor) = 0;
  virtual StoreResult<ChangeResult> change_incident(int64_t id, const IncidentChange& change,
                                                    const std::string& actor) = 0;
  virtual StoreResult<std::vector<incidents::Asset>> assets() = 0;  // by network
  // Adds the asset or replaces the one with the same network.
  virtual StoreResult<void> put_asset(const incidents::Asset& asset, const std::string& actor) = 0;
  // Sharing: organisations, groups of organisations, TAXII collections readable and
  // writable by groups, and the STIX objects they hold. Unknown names are errors.
  virtual StoreResult<int64_t> add_organisation(const std::string& name, const std::string& actor) = 0;
  virtual StoreResult<int64_t> add_sharing_group(const std::string& name, const std::vector<std::string>& organisations,
                                                 const std::string& actor) = 0;
  virtual StoreResult<void> set_user_organisation(const std::string& user_name, const std::string& organisation,
                                                  const std::string& actor) = 0;
  virtual StoreResult<std::optional<SharingUser>> sharing_user(const std::string& user_name) = 0;
  virtual StoreResult<std::optional<int64_t>> organisation_id(const std::string& name) = 0;
  // collection.id is the new collection's UUID.
  virtual StoreResult<void> add_collection(const TaxiiCollection& collection, const std::vector<std::string>& read_groups,
                                           const std::vector<std::string>& write_groups, const std::string& actor) = 0;
  // The collections the organisation may read or write, with its rights, in creation order.
  virtual StoreResult<std::vector<TaxiiCollection>> collections_for(int64_t organisation_id) = 0;
  // Stores the objects a (collection, id, version) does not hold yet; all get the same
  // date_added, which is returned.
  virtual StoreResult<int64_t> add_taxii_objects(const std::string& collection_id, int64_t organisation_id,
                                                 const std::vector<NewTaxiiObject>& objects,
                                                 const std::string& actor) = 0;
  virtual StoreResult<TaxiiObjectPage> taxii_objects(const TaxiiObjectQuery& query) = 0;
  // Deletes the versions of stix_id in the collection the viewer can see; returns how many.
  virtual StoreResult<int64_t> delete_taxii_object(const std::string& collection_id, const std::string& stix_id,
                                                   const TaxiiViewer& viewer, const std::string& actor) = 0;
  virtual StoreResult<void> save_taxii_status(const TaxiiStatusRecord& status) = 0;
  virtual StoreResult<std::optional<TaxiiStatusRecord>> taxii_status(const std::string& id) = 0;
  // TAXII feeds polled from remote servers (src/center/feeds): the last
  // X-TAXII-Date-Added-Last each feed received, so polling resumes there after a restart.
  virtual StoreResult<std::optional<std::string>> feed_position(const std::string& feed) = 0;
  virtual StoreResult<void> save_feed_position(const std::string& feed, const std::string& added_last) = 0;
};

}  // namespace rampart::center
