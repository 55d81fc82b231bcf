#pragma once
// Records of threat-information sharing exchanged with a Store: organisations,
// sharing groups, TAXII collections with the caller's rights, stored STIX objects,
// object queries with their visibility rule, and TAXII status resources.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::center {

// A user as TAXII sees one: who, in which organisation, and the password to check.
struct SharingUser {
  int64_t user_id = 0;
  std::string name;
  int64_t organisation_id = 0;
  std::string organisation;
  std::string password_hash;
};

struct TaxiiCollection {
  std::string id;  // UUID, the collection's TAXII id
  std::string title;
  std::string description;
  bool can_read = false;   // filled for a given organisation
  bool can_write = false;
};

// TLP level as stored; the numbers order the levels from least to most restrictive.
// Objects without a TLP marking are stored as amber (see docs/taxii.md).
enum class StoredTlp : int { clear = 0, green = 1, amber = 2, amber_strict = 3, red = 4 };

struct NewTaxiiObject {
  std::string stix_id;
  std::string type;
  std::string spec_version;
  std::string version;   // modified, else created, else "" (for SCOs without either)
  int64_t version_ns = 0;  // the version as nanoseconds since the epoch (0 without one)
  StoredTlp tlp = StoredTlp::amber;
  std::string json;
  bool privacy_filtered = false;  // already passed the privacy filter (the share endpoint's objects)
};

struct StoredTaxiiObject {
  int64_t row_id = 0;
  std::string stix_id;
  std::string type;
  std::string spec_version;
  std::string version;
  int64_t date_added_us = 0;
  std::string json;
  int64_t organisation_id = 0;  // the publishing organisation
  bool privacy_filtered = false;
};

// Who is reading: the visibility rule of docs/taxii.md is applied in the query.
struct TaxiiViewer {
  int64_t organisation_id = 0;
  bool amber_allowed = false;  // member of one of the collection's read groups
};

enum class VersionMatch { last, first, all, at };

// Position after the last object of a page in (date_added, row id) order.
struct TaxiiCursor {
  int64_t date_added_us = 0;
  int64_t row_id = 0;
};

struct TaxiiObjectQuery {
  std::string collection_id;
  TaxiiViewer viewer;
  std::optional<int64_t> added_after_us;  // exclusive
  std::vector<std::string> ids;
  std::vector<std::string> types;
  std::vector<std::string> spec_versions;
  VersionMatch version_match = VersionMatch::last;
  std::vector<int64_t> versions_ns;  // for VersionMatch::at
  std::optional<TaxiiCursor> after;
  size_t limit = 100;
};

struct TaxiiObjectPage {
  std::vector<StoredTaxiiObject> objects;
  bool more = false;
};

struct TaxiiStatusRecord {
  std::string id;
  int64_t user_id = 0;
  std::string json;
};

}  // namespace rampart::center
