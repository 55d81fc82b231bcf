#include "center/taxii/taxii_objects.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "center/taxii/taxii_query.hpp"
#include "intel/stix_object.hpp"
#include "intel/tlp.hpp"

namespace rampart::center::taxii {

namespace {

using intel::Json;

std::string string_member(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto found = object.find(key);
  return found != object.end() && found->is_string() ? found->get<std::string>() : std::string();
}

// The most restrictive TLP marking the object references; unmarked objects are AMBER.
StoredTlp tlp_of(const Json& object) {
  auto refs = object.find("object_marking_refs");
  std::optional<intel::TlpLevel> level;
  if (refs != object.end() && refs->is_array())
    for (const auto& ref : *refs)
      if (ref.is_string())
        if (const auto* marking = intel::find_tlp_marking(ref.get<std::string>()))
          level = level ? std::max(*level, marking->level) : marking->level;
  return level ? static_cast<StoredTlp>(static_cast<int>(*level)) : StoredTlp::amber;
}

// Every error with its JSON path below prefix ("objects[3].pattern: ...").
std::string join_errors(const intel::StixErrors& errors, const std::string& prefix = "") {
  std::string out;
  for (const auto& error : errors) {
    std::string path = error.path.empty() ? prefix : prefix.empty() ? error.path : prefix + "." + error.path;
    out += fmt::format("{}{}{}", out.empty() ? "" : "; ", path.empty() ? "" : path + ": ", error.message);
  }
  return out;
}

std::expected<NewTaxiiObject, std::string> to_row(const intel::StixObject& object) {
  NewTaxiiObject row;
  row.stix_id = object.id;
  row.type = object.type;
  row.spec_version = string_member(object.json, "spec_version");
  if (row.spec_version.empty()) row.spec_version = "2.1";  // STIX 2.1 observables may omit it
  row.version = string_member(object.json, "modified");
  if (row.version.empty()) row.version = string_member(object.json, "created");
  if (!row.version.empty()) {
    auto ns = timestamp_ns(row.version);
    if (!ns) return std::unexpected("the version (modified or created) is outside 1970..2262, which this server stores");
    row.version_ns = *ns;
  }
  row.tlp = tlp_of(object.json);
  row.json = object.to_json_text();
  return row;
}

void add_object(IncomingObjects& out, size_t index, Json json) {
  std::string id = string_member(json, "id");
  std::string version = string_member(json, "modified");
  auto object = intel::make_stix_object(std::move(json));
  if (!object) {
    out.failures.push_back({index, id, version, join_errors(object.error(), fmt::format("objects[{}]", index))});
    return;
  }
  auto row = to_row(*object);
  if (!row) {
    out.failures.push_back({index, id, version, fmt::format("objects[{}]: {}", index, row.error())});
    return;
  }
  out.objects.push_back(std::move(*row));
}

}  // namespace

std::expected<IncomingObjects, std::string> parse_envelope(std::string_view body) {
  auto document = intel::parse_json_text(body);
  if (!document) return std::unexpected(document.error().to_string());
  if (!document->is_object()) return std::unexpected("the body is not a JSON object (a TAXII envelope)");
  IncomingObjects out;
  auto objects = document->find("objects");
  if (objects == document->end()) return out;
  if (!objects->is_array()) return std::unexpected("objects: not a list");
  if (objects->size() > kMaxObjectsPerRequest)
    return std::unexpected(fmt::format("objects: more than {} objects in one request", kMaxObjectsPerRequest));
  for (size_t i = 0; i < objects->size(); ++i) add_object(out, i, std::move((*objects)[i]));
  return out;
}

std::expected<IncomingObjects, std::string> parse_bundle(std::string_view text) {
  // intel decides whether the document is a bundle; the members are then read like an
  // envelope's, so every failure keeps its index.
  if (auto bundle = intel::parse_stix_bundle(text); !bundle) return std::unexpected(join_errors(bundle.error()));
  return parse_envelope(text);
}

}  // namespace rampart::center::taxii
