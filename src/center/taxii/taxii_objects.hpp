#pragma once
// STIX objects on their way into a collection: a TAXII envelope ({"objects": [...]})
// or a STIX bundle is validated object by object with src/intel; valid objects become
// rows (id, type, spec_version, version, TLP level from object_marking_refs, JSON) and
// invalid ones failures naming their index and every error. Only a body that is not
// JSON, not an envelope or bundle, is refused as a whole.
#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

#include "center/store/sharing_records.hpp"

namespace rampart::center::taxii {

inline constexpr size_t kMaxObjectsPerRequest = 10000;

struct ObjectFailure {
  size_t index = 0;
  std::string id;       // as given, possibly empty
  std::string version;  // as given, possibly empty
  std::string message;  // every error, each with its JSON path ("objects[3].pattern: ...")
};

struct IncomingObjects {
  std::vector<NewTaxiiObject> objects;
  std::vector<ObjectFailure> failures;
};

std::expected<IncomingObjects, std::string> parse_envelope(std::string_view body);
std::expected<IncomingObjects, std::string> parse_bundle(std::string_view text);

}  // namespace rampart::center::taxii
