#include <algorithm>

#include <fmt/format.h>

#include "intel/object_validator.hpp"
#include "intel/stix_identifier.hpp"
#include "intel/tlp.hpp"

namespace rampart::intel {
namespace {

constexpr int kMillisecondDigits = 3;

// Property names are ASCII letters, digits and '_'; custom ones (x_) 3..250 long.
void validate_property_names(ObjectValidator& v) {
  for (const auto& [name, value] : v.object().items()) {
    const bool charset_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    if (!charset_ok) {
      v.error(name, "property names may only hold ASCII letters, digits and '_'");
    } else if (name.starts_with("x_") && (name.size() < 3 || name.size() > 250)) {
      v.error(name, "custom property names must be 3 to 250 characters long");
    }
  }
}

// id present, well formed, prefixed by the object's own type, of an allowed UUID version.
void validate_id(ObjectValidator& v, std::string_view type, bool allow_uuid5) {
  const std::string* id_text = v.string("id", Presence::Required);
  if (id_text == nullptr || id_text->empty()) return;
  auto id = parse_identifier(*id_text);
  if (!id) {
    v.error("id", id.error());
    return;
  }
  if (id->type != type) v.error("id", fmt::format("identifier prefix '{}' does not match type '{}'", id->type, type));
  if (id->uuid_version != 4 && !(allow_uuid5 && id->uuid_version == 5)) {
    v.error("id", allow_uuid5 ? "identifier UUID must be version 4 or 5" : "identifier UUID must be version 4");
  }
}

void validate_spec_version(ObjectValidator& v, Presence presence) {
  const std::string* version = v.string("spec_version", presence);
  if (version != nullptr && *version != "2.1") v.error("spec_version", "must be \"2.1\"");
}

void validate_lang(ObjectValidator& v) {
  const std::string* lang = v.string("lang", Presence::Optional);
  if (lang == nullptr) return;
  const bool tag_like = !lang->empty() && std::all_of(lang->begin(), lang->end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
  });
  if (!tag_like) v.error("lang", "not an RFC 5646 language tag");
}

void validate_markings(ObjectValidator& v) {
  v.reference_list("object_marking_refs", Presence::Optional, {"marking-definition"});
  v.granular_markings("granular_markings");
}

void validate_extensions(ObjectValidator& v) {
  const Json* extensions = v.find("extensions");
  if (extensions != nullptr && (!extensions->is_object() || extensions->empty())) {
    v.error("extensions", "not a non-empty dictionary");
  }
}

// A TLP marking definition must be one of the predefined ones, unchanged in meaning.
void validate_tlp_definition(ObjectValidator& v, const std::string* id) {
  const std::string* definition_type = v.string("definition_type", Presence::Optional);
  const TlpMarking* predefined = id != nullptr ? find_tlp_marking(*id) : nullptr;
  if (definition_type != nullptr && *definition_type == "tlp") {
    const Json* definition = v.find("definition");
    const bool has_color = definition != nullptr && definition->is_object() && definition->contains("tlp") &&
                           (*definition)["tlp"].is_string();
    if (!has_color) {
      v.error("definition", "a tlp definition needs a \"tlp\" string");
    } else if (predefined == nullptr || predefined->tlp_version != 1) {
      v.error("id", "TLP 1.0 markings must use the identifiers STIX 2.1 predefines");
    } else if ((*definition)["tlp"].get_ref<const std::string&>() != predefined->value) {
      v.error("definition.tlp", fmt::format("the identifier is TLP:{} but the definition says otherwise",
                                            predefined->value));
    }
    return;
  }
  if (predefined != nullptr && predefined->tlp_version == 2) {
    const Json* extensions = v.find("extensions");
    const Json* extension = nullptr;
    if (extensions != nullptr && extensions->is_object() && extensions->contains(kTlp2ExtensionId)) {
      extension = &(*extensions)[std::string(kTlp2ExtensionId)];
    }
    const bool matches = extension != nullptr && extension->is_object() && extension->contains("tlp_2_0") &&
                         (*extension)["tlp_2_0"] == predefined->value;
    if (!matches) {
      v.error("extensions", fmt::format("the identifier is {} but the TLP 2.0 extension does not say \"{}\"",
                                        predefined->name, predefined->value));
    }
  } else if (predefined != nullptr) {
    v.error("definition_type", "a TLP 1.0 identifier needs definition_type \"tlp\"");
  }
}

}  // namespace

void validate_common_sdo_properties(ObjectValidator& v, std::string_view type) {
  validate_property_names(v);
  validate_spec_version(v, Presence::Required);
  validate_id(v, type, false);
  v.timestamp("created", Presence::Required, kMillisecondDigits);
  v.timestamp("modified", Presence::Required, kMillisecondDigits);
  v.time_order("created", "modified", false);
  v.reference("created_by_ref", Presence::Optional, {"identity"});
  v.boolean("revoked", Presence::Optional);
  v.string_list("labels", Presence::Optional);
  v.integer("confidence", Presence::Optional, 0, 100);
  validate_lang(v);
  v.external_references("external_references");
  validate_markings(v);
  validate_extensions(v);
}

void validate_common_sco_properties(ObjectValidator& v, std::string_view type) {
  validate_property_names(v);
  validate_spec_version(v, Presence::Optional);
  validate_id(v, type, true);
  v.boolean("defanged", Presence::Optional);
  validate_markings(v);
  validate_extensions(v);
}

void validate_marking_definition(ObjectValidator& v) {
  validate_property_names(v);
  validate_spec_version(v, Presence::Required);
  validate_id(v, "marking-definition", false);
  v.timestamp("created", Presence::Required, kMillisecondDigits);
  v.reference("created_by_ref", Presence::Optional, {"identity"});
  v.string("name", Presence::Optional);
  v.external_references("external_references");
  validate_markings(v);
  validate_extensions(v);
  if (!v.has("extensions")) {
    v.string("definition_type", Presence::Required);
    const Json* definition = v.find("definition");
    if (definition == nullptr) {
      v.error("definition", "required property is missing (there are no extensions)");
    } else if (!definition->is_object()) {
      v.error("definition", "not an object");
    }
  }
  const Json* id = v.find("id");
  validate_tlp_definition(v, id != nullptr && id->is_string() ? &id->get_ref<const std::string&>() : nullptr);
}

}  // namespace rampart::intel
