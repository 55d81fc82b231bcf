#pragma once
// Internal: checks the properties of one STIX object and collects errors with their
// JSON paths. Each check is lenient about absence unless told the property is
// required, and reports a wrong JSON type as an error rather than skipping it.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "intel/stix_object.hpp"
#include "intel/stix_timestamp.hpp"

namespace rampart::intel {

enum class Presence { Optional, Required };

class ObjectValidator {
 public:
  ObjectValidator(const Json& object, std::string path, StixErrors& errors)
      : object_(object), path_(std::move(path)), errors_(errors) {}

  const Json& object() const { return object_; }
  const Json* find(std::string_view key) const;
  bool has(std::string_view key) const { return find(key) != nullptr; }
  std::string path_of(std::string_view key) const;
  void error(std::string_view key, std::string message);

  const std::string* string(std::string_view key, Presence presence);
  std::optional<bool> boolean(std::string_view key, Presence presence);
  std::optional<int64_t> integer(std::string_view key, Presence presence, int64_t min, int64_t max);
  std::optional<StixTimestamp> timestamp(std::string_view key, Presence presence, int min_fraction_digits = 0);
  void string_list(std::string_view key, Presence presence);
  // An identifier whose type is one of types (any type when the list is empty).
  void reference(std::string_view key, Presence presence, std::initializer_list<std::string_view> types = {});
  void reference_list(std::string_view key, Presence presence, std::initializer_list<std::string_view> types = {});
  // Identifiers (one or a list) must name objects of the allowed categories; what
  // describes them in the error. Malformed identifiers are left to reference().
  void reference_categories(std::string_view key, std::initializer_list<StixCategory> allowed, std::string_view what);
  // later must not be before earlier (or must be after it when strictly is set).
  void time_order(std::string_view earlier, std::string_view later, bool strictly);
  void hashes(std::string_view key, Presence presence);
  void kill_chain_phases(std::string_view key);
  void external_references(std::string_view key);
  void granular_markings(std::string_view key);
  void at_least_one_of(std::initializer_list<std::string_view> keys);

 private:
  bool check_reference(const Json& value, const std::string& path, std::initializer_list<std::string_view> types);

  const Json& object_;
  std::string path_;
  StixErrors& errors_;
};

// Checks of the common properties by category (stix_common_rules.cpp).
void validate_common_sdo_properties(ObjectValidator& v, std::string_view type);
void validate_common_sco_properties(ObjectValidator& v, std::string_view type);
void validate_marking_definition(ObjectValidator& v);

// The type-specific rules (stix_type_rules.cpp); unknown types have none.
void validate_type_specific_properties(ObjectValidator& v, std::string_view type);

}  // namespace rampart::intel
