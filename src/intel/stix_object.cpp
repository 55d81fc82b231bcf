#include "intel/stix_object.hpp"

#include <fmt/format.h>

#include <array>

#include "intel/object_validator.hpp"
#include "intel/stix_identifier.hpp"

namespace rampart::intel {
namespace {

// Deeper documents are refused before parsing: nothing in STIX nests this deep, and
// the limit keeps recursion in the JSON library and in dump() bounded.
constexpr int kMaxJsonDepth = 64;

std::optional<size_t> first_offset_too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 18> kObservableTypes{
    "artifact", "autonomous-system", "directory", "domain-name", "email-addr", "email-message",
    "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic",
    "process", "software", "url", "user-account", "windows-registry-key", "x509-certificate"};

// The object has been validated: type and id are present strings.
StixObject adopt_valid_object(Json object) {
  StixObject result;
  result.type = object["type"].get<std::string>();
  result.id = object["id"].get<std::string>();
  result.category = category_of_type(result.type);
  result.json = std::move(object);
  return result;
}

}  // namespace

std::expected<Json, StixError> parse_json_text(std::string_view text) {
  if (auto offset = first_offset_too_deep(text)) {
    return std::unexpected(StixError{"", fmt::format("byte {}: JSON nested deeper than {} levels", *offset, kMaxJsonDepth)});
  }
  try {
    return Json::parse(text);
  } catch (const Json::parse_error& e) {
    return std::unexpected(StixError{"", fmt::format("byte {}: invalid JSON", e.byte == 0 ? 0 : e.byte - 1)});
  }
}

StixCategory category_of_type(std::string_view type) {
  if (type == "relationship" || type == "sighting") return StixCategory::RelationshipObject;
  if (type == "marking-definition") return StixCategory::MarkingDefinition;
  for (auto observable : kObservableTypes) {
    if (observable == type) return StixCategory::CyberObservable;
  }
  return StixCategory::DomainObject;
}

StixErrors validate_stix_object(const Json& object, const std::string& path) {
  StixErrors errors;
  ObjectValidator v(object, path, errors);
  if (!object.is_object()) {
    v.error("", "not a JSON object");
    return errors;
  }
  const std::string* type = v.string("type", Presence::Required);
  if (type == nullptr || type->empty()) return errors;
  if (!is_valid_type_name(*type)) {
    v.error("type", "not a valid STIX type name (3-250 characters of a-z, 0-9, '-', starting with a letter)");
    return errors;
  }
  if (*type == "bundle") {
    v.error("type", "a bundle is not a STIX object");
    return errors;
  }
  switch (category_of_type(*type)) {
    case StixCategory::MarkingDefinition:
      validate_marking_definition(v);
      break;
    case StixCategory::CyberObservable:
      validate_common_sco_properties(v, *type);
      break;
    case StixCategory::DomainObject:
    case StixCategory::RelationshipObject:
      validate_common_sdo_properties(v, *type);
      break;
  }
  validate_type_specific_properties(v, *type);
  return errors;
}

std::expected<StixObject, StixErrors> make_stix_object(Json object) {
  StixErrors errors = validate_stix_object(object);
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return adopt_valid_object(std::move(object));
}

std::expected<StixObject, StixErrors> parse_stix_object(std::string_view text) {
  auto json = parse_json_text(text);
  if (!json) return std::unexpected(StixErrors{json.error()});
  return make_stix_object(std::move(*json));
}

std::expected<StixBundle, StixErrors> parse_stix_bundle(std::string_view text) {
  auto json = parse_json_text(text);
  if (!json) return std::unexpected(StixErrors{json.error()});
  StixErrors errors;
  ObjectValidator v(*json, "", errors);
  if (!json->is_object()) {
    v.error("", "not a JSON object");
    return std::unexpected(std::move(errors));
  }
  const std::string* type = v.string("type", Presence::Required);
  if (type != nullptr && *type != "bundle") v.error("type", "must be \"bundle\"");
  const std::string* id = v.string("id", Presence::Required);
  if (id != nullptr && !id->empty()) {
    auto parsed = parse_identifier(*id);
    if (!parsed) v.error("id", parsed.error());
    else if (parsed->type != "bundle") v.error("id", "identifier prefix must be 'bundle'");
  }
  Json* objects = json->contains("objects") ? &(*json)["objects"] : nullptr;
  if (objects != nullptr && !objects->is_array()) v.error("objects", "not a list");
  if (!errors.empty()) return std::unexpected(std::move(errors));

  StixBundle bundle;
  bundle.id = *id;
  if (objects == nullptr) return bundle;
  for (size_t i = 0; i < objects->size(); ++i) {
    Json& member = (*objects)[i];
    StixErrors member_errors = validate_stix_object(member, fmt::format("objects[{}]", i));
    if (member_errors.empty()) {
      bundle.objects.push_back(adopt_valid_object(std::move(member)));
    } else {
      const bool has_id = member.is_object() && member.contains("id") && member["id"].is_string();
      bundle.rejected.push_back({i, has_id ? member["id"].get<std::string>() : "", std::move(member_errors)});
    }
  }
  return bundle;
}

}  // namespace rampart::intel
