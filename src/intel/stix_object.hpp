#pragma once
// STIX 2.1 objects and bundles: parsing and validation against the specification.
// parse_* never throw: bad JSON comes back as an error naming the byte offset, an
// invalid object as a list of errors, each naming the JSON path of the offending
// property ("objects[3].valid_from: not an RFC 3339 timestamp"). Validation covers
// the common properties (type, id, spec_version, created/modified, references,
// markings, ...) and the required properties of the SDOs, SROs, SCOs and marking
// definitions that CERTs exchange; other types get the common checks of their
// category. A valid object keeps its parsed JSON, every property (custom x_ ones
// included) in the order received, ready to be stored; to_json_text() writes it
// compactly, so whitespace and escapes may differ from the input bytes.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace rampart::intel {

using Json = nlohmann::ordered_json;

struct StixError {
  std::string path;  // JSON path of the offending value; empty for the document itself
  std::string message;

  std::string to_string() const { return path.empty() ? message : path + ": " + message; }
};
using StixErrors = std::vector<StixError>;

enum class StixCategory { DomainObject, RelationshipObject, CyberObservable, MarkingDefinition };

struct StixObject {
  std::string type;
  std::string id;
  StixCategory category = StixCategory::DomainObject;
  Json json;  // the object's properties in the order received

  std::string to_json_text() const { return json.dump(); }
};

struct RejectedObject {
  size_t index = 0;  // position in the bundle's objects list
  std::string id;    // as given, possibly empty or malformed
  StixErrors errors;
};

// A bundle splits into the objects that validate and those that do not, so an importer
// can keep the good ones and report the others.
struct StixBundle {
  std::string id;
  std::vector<StixObject> objects;
  std::vector<RejectedObject> rejected;
};

// Parses JSON text with a nesting limit; the error carries the byte offset.
std::expected<Json, StixError> parse_json_text(std::string_view text);

StixCategory category_of_type(std::string_view type);

// Validates one object; path prefixes every error path ("objects[3]" or "").
StixErrors validate_stix_object(const Json& object, const std::string& path = "");

std::expected<StixObject, StixErrors> make_stix_object(Json object);
std::expected<StixObject, StixErrors> parse_stix_object(std::string_view text);

// Fails only when the document itself is not a bundle; invalid member objects are
// listed in StixBundle::rejected.
std::expected<StixBundle, StixErrors> parse_stix_bundle(std::string_view text);

}  // namespace rampart::intel
