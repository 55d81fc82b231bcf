#include "intel/object_validator.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "intel/stix_identifier.hpp"

namespace rampart::intel {
namespace {

std::string join_types(std::initializer_list<std::string_view> types) {
  std::string out;
  for (auto type : types) {
    if (!out.empty()) out += " or ";
    out += type;
  }
  return out;
}

bool is_hex_text(std::string_view text) {
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  }
  return true;
}

}  // namespace

const Json* ObjectValidator::find(std::string_view key) const {
  auto it = object_.find(key);
  return it == object_.end() ? nullptr : &*it;
}

std::string ObjectValidator::path_of(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  if (key.empty()) return path_;
  return fmt::format("{}.{}", path_, key);
}

void ObjectValidator::error(std::string_view key, std::string message) {
  errors_.push_back({path_of(key), std::move(message)});
}

const std::string* ObjectValidator::string(std::string_view key, Presence presence) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return nullptr;
  }
  if (!value->is_string()) {
    error(key, "not a string");
    return nullptr;
  }
  const auto& text = value->get_ref<const std::string&>();
  if (presence == Presence::Required && text.empty()) error(key, "must not be empty");
  return &text;
}

std::optional<bool> ObjectValidator::boolean(std::string_view key, Presence presence) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return std::nullopt;
  }
  if (!value->is_boolean()) {
    error(key, "not a boolean");
    return std::nullopt;
  }
  return value->get<bool>();
}

std::optional<int64_t> ObjectValidator::integer(std::string_view key, Presence presence, int64_t min, int64_t max) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return std::nullopt;
  }
  if (!value->is_number_integer()) {
    error(key, "not an integer");
    return std::nullopt;
  }
  // Unsigned values above INT64_MAX must not wrap when compared as signed.
  const bool in_range =
      value->is_number_unsigned()
          ? value->get<uint64_t>() <= static_cast<uint64_t>(max) && static_cast<int64_t>(value->get<uint64_t>()) >= min
          : value->get<int64_t>() >= min && value->get<int64_t>() <= max;
  if (!in_range) {
    error(key, fmt::format("must be an integer from {} to {}", min, max));
    return std::nullopt;
  }
  return value->is_number_unsigned() ? static_cast<int64_t>(value->get<uint64_t>()) : value->get<int64_t>();
}

std::optional<StixTimestamp> ObjectValidator::timestamp(std::string_view key, Presence presence,
                                                        int min_fraction_digits) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return std::nullopt;
  }
  if (!value->is_string()) {
    error(key, "not an RFC 3339 timestamp (not a string)");
    return std::nullopt;
  }
  auto parsed = StixTimestamp::parse(value->get_ref<const std::string&>());
  if (!parsed) {
    error(key, "not an RFC 3339 timestamp in UTC (YYYY-MM-DDTHH:MM:SS[.s+]Z)");
    return std::nullopt;
  }
  if (parsed->fraction_digits < min_fraction_digits) {
    error(key, "must be precise to at least the millisecond (YYYY-MM-DDTHH:MM:SS.sssZ)");
  }
  return parsed;
}

void ObjectValidator::string_list(std::string_view key, Presence presence) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return;
  }
  if (!value->is_array() || value->empty()) {
    error(key, "not a non-empty list");
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    if (!(*value)[i].is_string()) error(fmt::format("{}[{}]", key, i), "not a string");
  }
}

bool ObjectValidator::check_reference(const Json& value, const std::string& path,
                                      std::initializer_list<std::string_view> types) {
  if (!value.is_string()) {
    errors_.push_back({path, "not an identifier (not a string)"});
    return false;
  }
  auto id = parse_identifier(value.get_ref<const std::string&>());
  if (!id) {
    errors_.push_back({path, id.error()});
    return false;
  }
  if (types.size() == 0) return true;
  for (auto type : types) {
    if (id->type == type) return true;
  }
  errors_.push_back({path, fmt::format("must reference an object of type {}, not {}", join_types(types), id->type)});
  return false;
}

void ObjectValidator::reference(std::string_view key, Presence presence, std::initializer_list<std::string_view> types) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return;
  }
  check_reference(*value, path_of(key), types);
}

void ObjectValidator::reference_list(std::string_view key, Presence presence,
                                     std::initializer_list<std::string_view> types) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return;
  }
  if (!value->is_array() || value->empty()) {
    error(key, "not a non-empty list of identifiers");
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) check_reference((*value)[i], fmt::format("{}[{}]", path_of(key), i), types);
}

void ObjectValidator::reference_categories(std::string_view key, std::initializer_list<StixCategory> allowed,
                                           std::string_view what) {
  const Json* value = find(key);
  if (value == nullptr) return;
  auto check = [&](const Json& item, const std::string& path) {
    if (!item.is_string()) return;
    auto id = parse_identifier(item.get_ref<const std::string&>());
    if (!id) return;
    const StixCategory category = category_of_type(id->type);
    for (auto permitted : allowed) {
      if (category == permitted) return;
    }
    errors_.push_back({path, fmt::format("must reference {}, not {}", what, id->type)});
  };
  if (!value->is_array()) {
    check(*value, path_of(key));
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) check((*value)[i], fmt::format("{}[{}]", path_of(key), i));
}

void ObjectValidator::time_order(std::string_view earlier, std::string_view later, bool strictly) {
  const Json* first = find(earlier);
  const Json* second = find(later);
  if (first == nullptr || second == nullptr || !first->is_string() || !second->is_string()) return;
  auto a = StixTimestamp::parse(first->get_ref<const std::string&>());
  auto b = StixTimestamp::parse(second->get_ref<const std::string&>());
  if (!a || !b) return;
  if (strictly && !(*b > *a)) error(later, fmt::format("must be later than {}", earlier));
  if (!strictly && *b < *a) error(later, fmt::format("must not be earlier than {}", earlier));
}

void ObjectValidator::hashes(std::string_view key, Presence presence) {
  const Json* value = find(key);
  if (value == nullptr) {
    if (presence == Presence::Required) error(key, "required property is missing");
    return;
  }
  if (!value->is_object() || value->empty()) {
    error(key, "not a non-empty dictionary of hashes");
    return;
  }
  struct KnownHash {
    std::string_view name;
    size_t hex_length;
  };
  static constexpr KnownHash kKnown[] = {{"MD5", 32}, {"SHA-1", 40}, {"SHA-256", 64}, {"SHA-512", 128},
                                         {"SHA3-256", 64}, {"SHA3-512", 128}};
  for (const auto& [name, hash] : value->items()) {
    const std::string path = fmt::format("{}.'{}'", key, name);
    if (!hash.is_string()) {
      error(path, "not a string");
      continue;
    }
    const auto& text = hash.get_ref<const std::string&>();
    for (const auto& known : kKnown) {
      if (name == known.name && (text.size() != known.hex_length || !is_hex_text(text))) {
        error(path, fmt::format("not a {} hash ({} hex digits)", known.name, known.hex_length));
      }
    }
  }
}

void ObjectValidator::kill_chain_phases(std::string_view key) {
  const Json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_array() || value->empty()) {
    error(key, "not a non-empty list of kill chain phases");
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    ObjectValidator phase((*value)[i], fmt::format("{}[{}]", path_of(key), i), errors_);
    if (!phase.object().is_object()) {
      phase.error("", "not a kill chain phase object");
      continue;
    }
    phase.string("kill_chain_name", Presence::Required);
    phase.string("phase_name", Presence::Required);
  }
}

void ObjectValidator::external_references(std::string_view key) {
  const Json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_array() || value->empty()) {
    error(key, "not a non-empty list of external references");
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    ObjectValidator reference((*value)[i], fmt::format("{}[{}]", path_of(key), i), errors_);
    if (!reference.object().is_object()) {
      reference.error("", "not an external reference object");
      continue;
    }
    reference.string("source_name", Presence::Required);
    reference.string("description", Presence::Optional);
    reference.string("url", Presence::Optional);
    reference.string("external_id", Presence::Optional);
    reference.hashes("hashes", Presence::Optional);
    if (!reference.has("description") && !reference.has("url") && !reference.has("external_id")) {
      reference.error("", "needs at least one of description, url, external_id");
    }
  }
}

void ObjectValidator::granular_markings(std::string_view key) {
  const Json* value = find(key);
  if (value == nullptr) return;
  if (!value->is_array() || value->empty()) {
    error(key, "not a non-empty list of granular markings");
    return;
  }
  for (size_t i = 0; i < value->size(); ++i) {
    ObjectValidator marking((*value)[i], fmt::format("{}[{}]", path_of(key), i), errors_);
    if (!marking.object().is_object()) {
      marking.error("", "not a granular marking object");
      continue;
    }
    marking.string_list("selectors", Presence::Required);
    marking.reference("marking_ref", Presence::Optional, {"marking-definition"});
    marking.string("lang", Presence::Optional);
    if (marking.has("marking_ref") == marking.has("lang")) {
      marking.error("", "needs exactly one of marking_ref and lang");
    }
  }
}

void ObjectValidator::at_least_one_of(std::initializer_list<std::string_view> keys) {
  for (auto key : keys) {
    if (has(key)) return;
  }
  error("", fmt::format("needs at least one of {}", fmt::join(keys, ", ")));
}

}  // namespace rampart::intel
