#pragma once
// Deterministic identifiers of STIX 2.1 cyber-observable objects (STIX 2.1 section
// 2.9): "type--" followed by the UUIDv5, in the SCO namespace, of the canonical JSON
// (RFC 8785: sorted keys, no whitespace) of the id-contributing properties the type
// names. Of a hashes dictionary only one hash contributes: MD5, else SHA-1, else
// SHA-256, else SHA-512, else the first by name. Types without contributing
// properties (process, custom types) have no deterministic id.
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>

#include "intel/stix_object.hpp"

namespace rampart::center::privacy {

// The id-contributing properties of an SCO type; empty for other types.
std::span<const std::string_view> id_contributing_properties(std::string_view type);

// The contributing properties present in object, as the canonical JSON text they are
// hashed in; nullopt when the type has none or none is present.
std::optional<std::string> id_contributing_json(const intel::Json& object);

// "type--UUIDv5" of the object's contributing properties, or nullopt (see above).
std::optional<std::string> deterministic_id(const intel::Json& object);

// Adds to ids every identifier of an observable with a deterministic id that a
// string below node spells (references, text, patterns).
void collect_observable_ids(const intel::Json& node, std::set<std::string>& ids);

// The RFC 4122 version 5 UUID of name in the namespace given as UUID text.
std::string uuid_v5(std::string_view namespace_uuid, std::string_view name);

}  // namespace rampart::center::privacy
